package io.ctops.plugin.monitoring.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The newest stored counters of some interfaces, to seed {@link InterfaceRates} after a restart. One
 * query for all of them; each interface costs an index probe of the newest raw partitions only, since
 * the partitions are scanned newest first and the first row found ends the search.
 */
public final class StoredInterfaceCounters {

    private static final String NEWEST = """
            SELECT k.host_id, k.iface, s.ts, s.rx_bytes, s.tx_bytes
            FROM unnest({0}::uuid[], {1}::text[]) AS k (host_id, iface)
            CROSS JOIN LATERAL (
                SELECT ts, rx_bytes, tx_bytes FROM monitoring_interface_sample i
                WHERE i.host_id = k.host_id AND i.iface = k.iface AND i.ts >= {2}
                ORDER BY i.ts DESC LIMIT 1
            ) AS s""";

    private final DSLContext dsl;

    public StoredInterfaceCounters(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    /** The newest counters stored since {@code since} of each interface that has any. */
    public Map<InterfaceRates.Key, InterfaceRates.Last> newest(Set<InterfaceRates.Key> keys, Instant since) {
        Map<InterfaceRates.Key, InterfaceRates.Last> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        UUID[] hosts = keys.stream().map(InterfaceRates.Key::hostId).toArray(UUID[]::new);
        String[] names = keys.stream().map(InterfaceRates.Key::iface).toArray(String[]::new);
        dsl.resultQuery(NEWEST, DSL.val(hosts, SQLDataType.UUID.array()), DSL.val(names, SQLDataType.CLOB.array()),
                DSL.val(since.atOffset(ZoneOffset.UTC))).forEach(r -> found.put(
                new InterfaceRates.Key(r.get(0, UUID.class), r.get(1, String.class)),
                new InterfaceRates.Last(r.get(2, OffsetDateTime.class).toInstant(), r.get(3, Long.class), r.get(4, Long.class))));
        return found;
    }
}
