package io.ctops.agent.host;

/**
 * A plugin, or one of its extensions, that the agent could not use.
 *
 * @param source what failed, e.g. {@code plugin broken.jar}, {@code plugin system (system.jar)} or
 *               {@code extension com.example.DiskCollector}
 * @param reason why, in one line
 */
public record PluginProblem(String source, String reason) {

    static PluginProblem of(String source, Throwable failure) {
        return new PluginProblem(source, Reasons.of(failure));
    }
}
