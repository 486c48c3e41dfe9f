package io.ctops.sdk.agent;

import io.ctops.proto.agent.v1.Vitals;
import org.pf4j.ExtensionPoint;

/**
 * Contributes figures to the {@link Vitals} the agent sends every interval.
 *
 * <p>The agent creates one instance per agent and calls {@link #collect} once per interval, never
 * concurrently, so an instance may keep the previous sample in a field to report rates (CPU %,
 * bytes per second).
 *
 * <pre>
 * &#64;Extension
 * public class UptimeCollector implements Collector {
 *     private final AgentPluginContext context;
 *     public UptimeCollector(AgentPluginContext context) { this.context = context; }
 *     public String id() { return "uptime"; }
 *     public void collect(Vitals.Builder into) throws IOException {
 *         String text = Files.readString(context.hostPath("/proc/uptime"));
 *         into.setUptimeSecs((long) Double.parseDouble(text.split(" ")[0]));
 *     }
 * }
 * </pre>
 */
public interface Collector extends ExtensionPoint {

    /** {@return a stable id, unique among collectors, used in logs and settings, e.g. {@code "system"}} */
    String id();

    /**
     * Whether this collector should run on this host at all, e.g. {@code false} when what it reads
     * does not exist here. The agent asks once, after construction, and skips disabled collectors.
     *
     * @return {@code true} unless overridden
     */
    default boolean enabled() {
        return true;
    }

    /**
     * Sets this collector's fields for one interval.
     *
     * <p>{@code into} starts empty and is merged into the heartbeat's vitals afterwards: set only
     * the fields this collector owns. If this method throws, nothing it set is kept, the failure
     * is logged, and the other collectors' figures are still sent.
     *
     * @param into the builder to fill
     * @throws Exception when the figures cannot be read
     */
    void collect(Vitals.Builder into) throws Exception;
}
