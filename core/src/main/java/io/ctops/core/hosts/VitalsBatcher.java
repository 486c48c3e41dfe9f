package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.HOST;
import static java.util.Objects.requireNonNull;

import io.ctops.proto.agent.v1.Vitals;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.atomic.LongAdder;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest vitals, last-seen time, agent version and addresses of each host in memory and
 * writes them with one UPDATE per flush (per chunk of {@link #CHUNK} hosts), the rows passed as
 * arrays: the database sees a statement per flush, not one per agent.
 */
public final class VitalsBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(VitalsBatcher.class);
    /** Rows per statement: large enough that a fleet of thousands is a handful of statements. */
    static final int CHUNK = 2000;

    /** What the host row should show after the latest heartbeat. */
    public record Latest(UUID orgId, UUID hostId, Instant seenAt, Instant vitalsAt, Vitals vitals, String agentVersion,
                         List<String> ipAddresses) {
    }

    private final DSLContext dsl;
    private final int chunk;
    private final Consumer<List<UUID>> offlineWhileHeartbeating;
    private final Map<UUID, Latest> pending = new ConcurrentHashMap<>();
    private final LongAdder rowsWritten = new LongAdder();

    /**
     * @param offlineWhileHeartbeating told of hosts whose row says offline though a heartbeat just
     *                                 arrived (the sweeper marked them while their heartbeats were late)
     */
    public VitalsBatcher(DSLContext dsl, Consumer<List<UUID>> offlineWhileHeartbeating) {
        this(dsl, CHUNK, offlineWhileHeartbeating);
    }

    VitalsBatcher(DSLContext dsl) {
        this(dsl, CHUNK, ids -> { });
    }

    VitalsBatcher(DSLContext dsl, int chunk) {
        this(dsl, chunk, ids -> { });
    }

    private VitalsBatcher(DSLContext dsl, int chunk, Consumer<List<UUID>> offlineWhileHeartbeating) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.offlineWhileHeartbeating = requireNonNull(offlineWhileHeartbeating, "offlineWhileHeartbeating is null");
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be positive");
        }
        this.chunk = chunk;
    }

    /** Remembers the newest state of a host; older states of the same host are replaced. */
    public void offer(Latest latest) {
        pending.merge(latest.hostId(), latest, (old, fresh) -> fresh.seenAt().isBefore(old.seenAt()) ? old : fresh);
    }

    /** Writes what accumulated since the last flush; what fails stays pending for the next one. */
    public synchronized int flush() {
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
        int written = 0;
        for (int from = 0; from < batch.size(); from += chunk) {
            List<Latest> rows = batch.subList(from, Math.min(batch.size(), from + chunk));
            try {
                write(rows);
                written += rows.size();
            } catch (RuntimeException e) {
                List<Latest> unwritten = batch.subList(from, batch.size());
                unwritten.forEach(this::offer); // a newer heartbeat that arrived meanwhile still wins
                LOG.warn("Host vitals for {} host(s) not written, retrying at the next flush: {}", unwritten.size(), e.toString());
                break;
            }
        }
        rowsWritten.add(written);
        return written;
    }

    /**
     * One UPDATE for the chunk. Vitals are null for a heartbeat without vitals and the address list
     * null when the agent sent none, so those columns keep what they had.
     */
    private void write(List<Latest> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        UUID[] orgs = new UUID[n];
        OffsetDateTime[] seen = new OffsetDateTime[n];
        String[] versions = new String[n];
        Double[] cpu = new Double[n];
        Double[] memory = new Double[n];
        Double[] swap = new Double[n];
        Double[] disk = new Double[n];
        Double[] load1 = new Double[n];
        Double[] load5 = new Double[n];
        Double[] load15 = new Double[n];
        Long[] uptime = new Long[n];
        OffsetDateTime[] vitalsAt = new OffsetDateTime[n];
        String[] ips = new String[n];
        for (int i = 0; i < n; i++) {
            Latest l = rows.get(i);
            ids[i] = l.hostId();
            orgs[i] = l.orgId();
            seen[i] = l.seenAt().atOffset(ZoneOffset.UTC);
            versions[i] = l.agentVersion();
            Vitals v = l.vitals();
            if (v != null) {
                cpu[i] = v.getCpuPercent();
                memory[i] = v.getMemoryPercent();
                swap[i] = v.getSwapPercent();
                disk[i] = v.getRootDiskPercent();
                load1[i] = v.getLoad1();
                load5[i] = v.getLoad5();
                load15[i] = v.getLoad15();
                uptime[i] = (long) v.getUptimeSecs();
                vitalsAt[i] = l.vitalsAt().atOffset(ZoneOffset.UTC);
            }
            ips[i] = l.ipAddresses().isEmpty() ? null : arrayLiteral(l.ipAddresses());
        }
        Table<?> v = DSL.table("unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}) "
                        + "as v(id, org_id, seen_at, agent_version, cpu, memory, swap, disk, load1, load5, load15, uptime, vitals_at, ips)",
                array(ids, SQLDataType.UUID), array(orgs, SQLDataType.UUID),
                array(seen, SQLDataType.TIMESTAMPWITHTIMEZONE), array(versions, SQLDataType.CLOB),
                array(cpu, SQLDataType.DOUBLE), array(memory, SQLDataType.DOUBLE), array(swap, SQLDataType.DOUBLE),
                array(disk, SQLDataType.DOUBLE), array(load1, SQLDataType.DOUBLE), array(load5, SQLDataType.DOUBLE),
                array(load15, SQLDataType.DOUBLE), array(uptime, SQLDataType.BIGINT),
                array(vitalsAt, SQLDataType.TIMESTAMPWITHTIMEZONE), array(ips, SQLDataType.CLOB));
        var updated = dsl.update(HOST)
                .set(HOST.LAST_SEEN_AT, column("seen_at", OffsetDateTime.class))
                .set(HOST.AGENT_VERSION, column("agent_version", String.class))
                .set(HOST.CPU_PERCENT, DSL.coalesce(column("cpu", Double.class), HOST.CPU_PERCENT))
                .set(HOST.MEMORY_PERCENT, DSL.coalesce(column("memory", Double.class), HOST.MEMORY_PERCENT))
                .set(HOST.SWAP_PERCENT, DSL.coalesce(column("swap", Double.class), HOST.SWAP_PERCENT))
                .set(HOST.ROOT_DISK_PERCENT, DSL.coalesce(column("disk", Double.class), HOST.ROOT_DISK_PERCENT))
                .set(HOST.LOAD1, DSL.coalesce(column("load1", Double.class), HOST.LOAD1))
                .set(HOST.LOAD5, DSL.coalesce(column("load5", Double.class), HOST.LOAD5))
                .set(HOST.LOAD15, DSL.coalesce(column("load15", Double.class), HOST.LOAD15))
                .set(HOST.UPTIME_SECS, DSL.coalesce(column("uptime", Long.class), HOST.UPTIME_SECS))
                .set(HOST.VITALS_AT, DSL.coalesce(column("vitals_at", OffsetDateTime.class), HOST.VITALS_AT))
                .set(HOST.IP_ADDRESSES, DSL.coalesce(DSL.field("{0}::text[]", HOST.IP_ADDRESSES.getDataType(),
                        column("ips", String.class)), HOST.IP_ADDRESSES))
                .from(v)
                .where(HOST.ID.eq(column("id", UUID.class)), HOST.ORG_ID.eq(column("org_id", UUID.class)))
                .returning(HOST.ID, HOST.STATUS)
                .fetch();
        List<UUID> offline = updated.stream().filter(r -> "offline".equals(r.getStatus())).map(r -> r.getId()).toList();
        if (!offline.isEmpty()) {
            offlineWhileHeartbeating.accept(offline);
        }
    }

    private static <T> Field<T[]> array(T[] values, org.jooq.DataType<T> type) {
        return DSL.val(values, type.getArrayDataType());
    }

    private static <T> Field<T> column(String name, Class<T> type) {
        return DSL.field(DSL.name("v", name), type);
    }

    /** A text[] literal of the addresses (one array per row cannot travel inside a 1-D array parameter). */
    static String arrayLiteral(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }

    /** Host rows written so far. */
    public long rowsWritten() {
        return rowsWritten.sum();
    }
}
