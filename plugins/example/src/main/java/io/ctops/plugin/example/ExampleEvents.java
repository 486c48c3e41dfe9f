package io.ctops.plugin.example;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep5;
import org.jooq.Record;
import org.jooq.Table;

/** The example_event table. */
final class ExampleEvents {

    private static final Table<Record> EVENT = table(name("example_event"));
    private static final Field<String> ORG_ID = field(name("org_id"), String.class);
    private static final Field<String> HOST_ID = field(name("host_id"), String.class);
    private static final Field<String> KIND = field(name("kind"), String.class);
    private static final Field<String> MESSAGE = field(name("message"), String.class);
    private static final Field<OffsetDateTime> OCCURRED_AT = field(name("occurred_at"), OffsetDateTime.class);

    private final DSLContext dsl;

    ExampleEvents(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores a batch in one statement; rows already stored are skipped. */
    int insert(String orgId, List<ExampleEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        InsertValuesStep5<Record, String, String, String, String, OffsetDateTime> insert =
                dsl.insertInto(EVENT, ORG_ID, HOST_ID, KIND, MESSAGE, OCCURRED_AT);
        for (ExampleEvent event : events) {
            insert = insert.values(orgId, event.hostId(), event.kind(), event.message(),
                    event.occurredAt().atOffset(ZoneOffset.UTC));
        }
        return insert.onConflictDoNothing().execute();
    }

    /** The newest events first. */
    List<ExampleEvent> latest(int limit) {
        return dsl.select(HOST_ID, KIND, MESSAGE, OCCURRED_AT).from(EVENT)
                .orderBy(OCCURRED_AT.desc()).limit(limit)
                .fetch(r -> new ExampleEvent(r.value1(), r.value2(), r.value3(), r.value4().toInstant()));
    }
}
