package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.sdk.agent.AgentPluginContext;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Definitions, contexts and fixture host roots for the tests. */
final class Checks {

    private Checks() {
    }

    static CheckDefinition definition(String type, Map<String, String> settings) {
        return CheckDefinition.newBuilder().setCheckId(type + "-1").setType(type).putAllSettings(settings)
                .setIntervalSecs(60).build();
    }

    /** A context whose host root is a fixture scenario under {@code proc-fixtures/}. */
    static AgentPluginContext context(String scenario) {
        return AgentPluginContext.of("checks", Path.of("target"), hostRoot(scenario), Clock.systemUTC());
    }

    /** A context for checks that do not read host files. */
    static AgentPluginContext context() {
        return AgentPluginContext.of("checks", Path.of("target"), Path.of("/nonexistent-host-root"), Clock.systemUTC());
    }

    static Path hostRoot(String scenario) {
        URL url = Checks.class.getResource("/proc-fixtures/" + scenario);
        if (url == null) {
            throw new IllegalArgumentException("no fixture scenario " + scenario);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
