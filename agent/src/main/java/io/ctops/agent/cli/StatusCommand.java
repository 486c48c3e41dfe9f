package io.ctops.agent.cli;

import io.ctops.agent.config.AgentConfig;
import io.ctops.agent.identity.AgentCredentials;
import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.identity.CorruptStateException;
import io.ctops.agent.identity.CredentialStore;
import io.ctops.agent.spool.Spool;
import io.ctops.agent.spool.SpoolStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code status}: what the agent's data directory says, without changing it (safe beside a running
 * agent): whether it is registered, how long its credentials last, and the spool, including how
 * many heartbeats were dropped because it was full.
 */
public final class StatusCommand {

    private final PrintStream out;
    private final Clock clock;

    public StatusCommand(PrintStream out, Clock clock) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** @return 0, or 1 when the data directory cannot be read */
    public int run(AgentConfig config) {
        Instant now = clock.instant();
        out.println("data directory:  " + config.dataDir());
        out.println("ingest:          " + config.ingestAddresses());
        AgentKeyFile key = new AgentKeyFile(config.dataDir());
        out.println("key:             " + (key.exists() ? key.file() : "none yet (generated on first run)"));
        CredentialStore store = new CredentialStore(config.dataDir());
        try {
            Optional<AgentCredentials> credentials = store.load();
            if (credentials.isEmpty()) {
                out.println("agent:           not registered yet");
            } else {
                AgentCredentials c = credentials.get();
                out.println("agent:           " + c.agentId());
                out.println("JWT:             " + validity(c.jwtExpiresAt(), now)
                        + (c.jwtRefreshDue(now) ? ", due to be replaced" : ""));
                out.println("certificate:     " + validity(c.certificate().getNotAfter().toInstant(), now)
                        + (c.certificateRenewalDue(now) ? ", due for renewal" : ""));
            }
        } catch (CorruptStateException e) {
            out.println("agent:           " + e.getMessage() + " (the agent registers again on start)");
        }
        try {
            SpoolStatus spool = Spool.inspect(config.dataDir().resolve("spool"), config.spoolMaxBytes());
            out.println("spool:           " + spool.records() + " heartbeat(s) waiting, " + spool.bytes() + " of "
                    + spool.maxBytes() + " bytes");
            out.println("spool dropped:   " + spool.dropped() + " heartbeat(s) dropped because the spool was full");
        } catch (IOException e) {
            out.println("spool:           cannot be read: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static String validity(Instant until, Instant now) {
        return (until.isAfter(now) ? "valid until " : "expired at ") + until;
    }
}
