package io.ctops.plugin.monitoring;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The stored rows of one rollup table, compared with what the test's samples make them. */
final class RollupRows {

    private RollupRows() {
    }

    /**
     * Asserts a host's {@code cpu} rows of {@code rollup}: exactly the expected buckets, each with
     * {count, min, max, sum}.
     */
    static void assertCpu(DSLContext dsl, UUID host, String rollup, Map<Instant, double[]> expected) {
        Map<Instant, Record> rows = new TreeMap<>();
        dsl.select(field(name("bucket"), OffsetDateTime.class), field(name("n"), Integer.class),
                        field(name("min"), Double.class), field(name("max"), Double.class), field(name("sum"), Double.class))
                .from(table(name(rollup))).where(field(name("host_id")).eq(host).and(field(name("series")).eq("cpu")))
                .forEach(r -> rows.put(r.value1().toInstant(), r));
        assertEquals(expected.keySet(), rows.keySet(), rollup + " buckets");
        expected.forEach((bucket, e) -> {
            Record r = rows.get(bucket);
            assertEquals((int) e[0], r.get(1, Integer.class), rollup + " n at " + bucket);
            assertEquals(e[1], r.get(2, Double.class), 1e-9, rollup + " min at " + bucket);
            assertEquals(e[2], r.get(3, Double.class), 1e-9, rollup + " max at " + bucket);
            assertEquals(e[3], r.get(4, Double.class), 1e-6, rollup + " sum at " + bucket);
        });
    }
}
