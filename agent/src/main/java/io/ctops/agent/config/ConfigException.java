package io.ctops.agent.config;

import static java.util.Objects.requireNonNull;

/**
 * A setting the agent cannot start with. Its message is one line that names the setting where the
 * operator has to look, e.g. {@code [agent] heartbeat_interval_secs in /etc/ctops-agent.toml: must be
 * a whole number from 1 to 3600, not 0}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting where the value came from: a file key, an environment variable or an option
     * @param problem what is wrong with it; never the value of a secret
     */
    public ConfigException(String setting, String problem) {
        super(requireNonNull(setting, "setting is null") + ": " + requireNonNull(problem, "problem is null"));
        this.setting = setting;
    }

    /** {@return where the bad value came from} */
    public String setting() {
        return setting;
    }
}
