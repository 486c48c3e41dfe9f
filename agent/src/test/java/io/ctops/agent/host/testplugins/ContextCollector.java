package io.ctops.agent.host.testplugins;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.AgentPluginContext;
import io.ctops.sdk.agent.Collector;

/**
 * Packed into test plugin jars by TestPluginJar. Not annotated with @Extension on purpose: that
 * would index it on the test class path, where the agent would find it as a built-in extension.
 */
public class ContextCollector implements Collector {

    private final AgentPluginContext context;

    public ContextCollector(AgentPluginContext context) {
        this.context = context;
    }

    public AgentPluginContext context() {
        return context;
    }

    @Override
    public String id() {
        return "context-" + context.pluginId();
    }

    @Override
    public void collect(Vitals.Builder into) {
        into.setLoad1(1.5);
    }
}
