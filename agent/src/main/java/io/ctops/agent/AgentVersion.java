package io.ctops.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this agent was built with.
 *
 * @param agent the agent's own version
 * @param sdk the agent SDK version it provides; plugins state the range they need in
 *            {@code Plugin-Requires}
 */
public record AgentVersion(String agent, String sdk) {

    /** {@return the versions written into the jar at build time} */
    public static AgentVersion current() {
        Properties properties = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("agent.properties")) {
            if (in == null) {
                throw new IllegalStateException("agent.properties is missing from the agent jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AgentVersion(properties.getProperty("agent.version"), properties.getProperty("sdk.version"));
    }
}
