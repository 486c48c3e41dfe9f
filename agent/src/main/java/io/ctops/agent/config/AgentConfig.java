package io.ctops.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything {@code ctops-agent run} needs to know, merged from the TOML file, the environment and
 * the command line (in that order, the later winning) and checked.
 *
 * @param ingestAddresses the ingest endpoints, tried in order for fail-over; at least one
 * @param caCertFile PEM file with the CA(s) that sign the ingest server certificate; empty: the
 *                   JVM's default trust store
 * @param orgToken the enrolment token; only needed until the agent has registered
 * @param dataDir the agent's state: key, credentials, spool, plugin data
 * @param pluginsDir agent plugin jars
 * @param hostRoot the host's {@code /} as the agent sees it
 * @param heartbeatInterval how often a heartbeat is sent
 * @param tags host tags sent at registration
 * @param spoolMaxBytes how much the on-disk spool may hold before the oldest heartbeats are dropped
 */
public record AgentConfig(List<IngestAddress> ingestAddresses, Optional<Path> caCertFile, Optional<String> orgToken,
        Path dataDir, Path pluginsDir, Path hostRoot, Duration heartbeatInterval, Map<String, String> tags,
        long spoolMaxBytes) {

    public static final int DEFAULT_INTERVAL_SECS = 30;
    public static final int MAX_INTERVAL_SECS = 3600;
    public static final long DEFAULT_SPOOL_MIB = 64;

    public AgentConfig {
        ingestAddresses = List.copyOf(ingestAddresses);
        if (ingestAddresses.isEmpty()) {
            throw new IllegalArgumentException("no ingest address");
        }
        requireNonNull(caCertFile, "caCertFile is null");
        requireNonNull(orgToken, "orgToken is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(pluginsDir, "pluginsDir is null");
        requireNonNull(hostRoot, "hostRoot is null");
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        tags = Map.copyOf(tags);
        if (spoolMaxBytes <= 0) {
            throw new IllegalArgumentException("spoolMaxBytes must be positive");
        }
    }

    /** Never prints the enrolment token. */
    @Override
    public String toString() {
        return "AgentConfig[ingestAddresses=" + ingestAddresses + ", caCertFile=" + caCertFile
                + ", orgToken=" + (orgToken.isPresent() ? "(set)" : "(not set)") + ", dataDir=" + dataDir
                + ", pluginsDir=" + pluginsDir + ", hostRoot=" + hostRoot + ", heartbeatInterval=" + heartbeatInterval
                + ", tags=" + tags + ", spoolMaxBytes=" + spoolMaxBytes + "]";
    }
}
