package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.HOST;
import static java.util.Objects.requireNonNull;

import io.ctops.proto.agent.v1.Vitals;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest vitals, last-seen time, agent version and addresses of each host in memory and
 * writes them in one JDBC batch per flush, instead of one UPDATE per heartbeat: with thousands of
 * agents the host table sees one statement per host per flush, at most.
 */
public final class VitalsBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(VitalsBatcher.class);

    /** What the host row should show after the latest heartbeat. */
    public record Latest(UUID orgId, UUID hostId, Instant seenAt, Instant vitalsAt, Vitals vitals, String agentVersion,
                         List<String> ipAddresses) {
    }

    private final DSLContext dsl;
    private final Map<UUID, Latest> pending = new ConcurrentHashMap<>();
    private final LongAdder rowsWritten = new LongAdder();

    public VitalsBatcher(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    /** Remembers the newest state of a host; older states of the same host are replaced. */
    public void offer(Latest latest) {
        pending.merge(latest.hostId(), latest, (old, fresh) -> fresh.seenAt().isBefore(old.seenAt()) ? old : fresh);
    }

    /** Writes what accumulated since the last flush; what fails stays pending for the next one. */
    public int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<Latest> batch = new ArrayList<>();
        for (UUID hostId : List.copyOf(pending.keySet())) {
            Latest latest = pending.remove(hostId);
            if (latest != null) {
                batch.add(latest);
            }
        }
        List<Query> updates = new ArrayList<>(batch.size());
        for (Latest l : batch) {
            Vitals v = l.vitals();
            var update = dsl.update(HOST)
                    .set(HOST.LAST_SEEN_AT, l.seenAt().atOffset(ZoneOffset.UTC))
                    .set(HOST.AGENT_VERSION, l.agentVersion());
            if (v != null) {
                update = update.set(HOST.CPU_PERCENT, v.getCpuPercent())
                        .set(HOST.MEMORY_PERCENT, v.getMemoryPercent())
                        .set(HOST.SWAP_PERCENT, v.getSwapPercent())
                        .set(HOST.ROOT_DISK_PERCENT, v.getRootDiskPercent())
                        .set(HOST.LOAD1, v.getLoad1()).set(HOST.LOAD5, v.getLoad5()).set(HOST.LOAD15, v.getLoad15())
                        .set(HOST.UPTIME_SECS, (long) v.getUptimeSecs())
                        .set(HOST.VITALS_AT, l.vitalsAt().atOffset(ZoneOffset.UTC));
            }
            if (!l.ipAddresses().isEmpty()) {
                update = update.set(HOST.IP_ADDRESSES, l.ipAddresses().toArray(String[]::new));
            }
            updates.add(update.where(HOST.ID.eq(l.hostId()), HOST.ORG_ID.eq(l.orgId())));
        }
        try {
            dsl.batch(updates).execute();
            rowsWritten.add(batch.size());
            return batch.size();
        } catch (RuntimeException e) {
            batch.forEach(this::offer);
            LOG.warn("Host vitals for {} host(s) not written, retrying at the next flush: {}", batch.size(), e.toString());
            return 0;
        }
    }

    /** Host rows written so far. */
    public long rowsWritten() {
        return rowsWritten.sum();
    }
}
