/**
 * The public API for CT-Ops agent plugins.
 *
 * <p>An agent plugin is a PF4J plugin jar dropped into the agent's {@code plugins/} directory. It
 * contributes implementations of these extension points, each marked with
 * {@link org.pf4j.Extension @Extension}:
 * <ul>
 *   <li>{@link io.ctops.sdk.agent.Collector} adds figures to the vitals sent every interval;</li>
 *   <li>{@link io.ctops.sdk.agent.CheckExecutor} runs one type of check the server asks for;</li>
 *   <li>{@link io.ctops.sdk.agent.TaskHandler} carries out one type of task;</li>
 *   <li>{@link io.ctops.sdk.agent.Discoverer} reports an inventory (packages, certificates, ...).</li>
 * </ul>
 *
 * <p>Extensions and the plugin class receive an {@link io.ctops.sdk.agent.AgentPluginContext}
 * through a public constructor that takes it; no globals. Several agents, and so several instances
 * of an extension, may run in one JVM (tests do this), so keep state in fields, never in statics.
 *
 * <p>Build a plugin against this module with scope {@code provided}: the agent shares this API,
 * {@code io.ctops.proto}, protobuf, PF4J and SLF4J with every plugin, and a plugin jar that bundles
 * them would load second copies that the agent cannot use. Declare the SDK versions the plugin
 * works with in its manifest, e.g. {@code Plugin-Requires: >=0.1.0}.
 */
package io.ctops.sdk.agent;
