package io.ctops.plugin.monitoring.checks;

import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.sdk.access.Refused;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/**
 * The check definitions and their results. Every method that takes an organisation scopes to it, so
 * a check of another organisation is "not found". Every change bumps the revision the heartbeat
 * contributor watches.
 */
public final class MonitoringChecks {

    static final Table<Record> CHECK = table(name("monitoring_check"));
    static final Table<Record> RESULT = table(name("monitoring_check_result"));
    static final Field<UUID> ID = field(name("id"), UUID.class);
    static final Field<UUID> ORG_ID = field(name("org_id"), UUID.class);
    static final Field<UUID> HOST_ID = field(name("host_id"), UUID.class);
    static final Field<String> NAME = field(name("name"), String.class);
    static final Field<String> TYPE = field(name("type"), String.class);
    static final Field<JSONB> SETTINGS = field(name("settings"), JSONB.class);
    static final Field<Integer> INTERVAL = field(name("interval_secs"), Integer.class);
    static final Field<Boolean> ENABLED = field(name("enabled"), Boolean.class);
    static final Field<OffsetDateTime> UPDATED_AT = field(name("updated_at"), OffsetDateTime.class);
    static final Field<String> LAST_STATE = field(name("last_state"), String.class);
    static final Field<String> LAST_OUTPUT = field(name("last_output"), String.class);
    static final Field<OffsetDateTime> LAST_CHECKED_AT = field(name("last_checked_at"), OffsetDateTime.class);
    static final Field<UUID> CHECK_ID = field(name("check_id"), UUID.class);
    static final Field<OffsetDateTime> CHECKED_AT = field(name("checked_at"), OffsetDateTime.class);
    static final Field<String> STATE = field(name("state"), String.class);
    static final Field<String> OUTPUT = field(name("output"), String.class);
    static final Field<Integer> DURATION = field(name("duration_ms"), Integer.class);
    // the settings as parallel key and value arrays, so no JSON library is needed on either side
    private static final Field<String[]> KEYS = DSL.field(
            "array(select e.key from jsonb_each_text({0}) e order by e.key)", String[].class, SETTINGS).as("setting_keys");
    private static final Field<String[]> VALUES = DSL.field(
            "array(select e.value from jsonb_each_text({0}) e order by e.key)", String[].class, SETTINGS).as("setting_values");

    private final DSLContext dsl;

    public MonitoringChecks(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    public List<Check> list(UUID orgId, UUID hostId) {
        return dsl.select(columns()).from(CHECK).where(ORG_ID.eq(orgId).and(HOST_ID.eq(hostId)))
                .orderBy(NAME).fetch(MonitoringChecks::check);
    }

    public Optional<Check> get(UUID orgId, UUID checkId) {
        return dsl.select(columns()).from(CHECK).where(ORG_ID.eq(orgId).and(ID.eq(checkId))).fetchOptional(MonitoringChecks::check);
    }

    /** Stores a validated spec; 409 when the host already has a check of that name. */
    public Check create(UUID orgId, UUID hostId, CheckSpec valid) {
        UUID id = UUID.randomUUID();
        try {
            dsl.transaction(tx -> {
                tx.dsl().insertInto(CHECK).set(ID, id).set(ORG_ID, orgId).set(HOST_ID, hostId).set(NAME, valid.name())
                        .set(TYPE, valid.type()).set(SETTINGS, json(tx.dsl(), valid.settings()))
                        .set(INTERVAL, valid.intervalSecs()).set(ENABLED, valid.enabled()).execute();
                bump(tx.dsl());
            });
        } catch (IntegrityConstraintViolationException e) {
            throw new Refused(Refused.Reason.CONFLICT, "this host already has a check named '" + valid.name() + "'");
        }
        return get(orgId, id).orElseThrow();
    }

    /** Replaces a check's definition with a validated spec; 404 outside the organisation. */
    public Check update(UUID orgId, UUID checkId, CheckSpec valid) {
        try {
            int changed = dsl.transactionResult(tx -> {
                int n = tx.dsl().update(CHECK).set(NAME, valid.name()).set(TYPE, valid.type())
                        .set(SETTINGS, json(tx.dsl(), valid.settings())).set(INTERVAL, valid.intervalSecs())
                        .set(ENABLED, valid.enabled()).set(UPDATED_AT, DSL.currentOffsetDateTime())
                        .where(ORG_ID.eq(orgId).and(ID.eq(checkId))).execute();
                bump(tx.dsl());
                return n;
            });
            if (changed == 0) {
                throw notFound(checkId);
            }
        } catch (IntegrityConstraintViolationException e) {
            throw new Refused(Refused.Reason.CONFLICT, "this host already has a check named '" + valid.name() + "'");
        }
        return get(orgId, checkId).orElseThrow();
    }

    /** Deletes a check and its results; 404 outside the organisation. */
    public void delete(UUID orgId, UUID checkId) {
        int deleted = dsl.transactionResult(tx -> {
            int n = tx.dsl().deleteFrom(CHECK).where(ORG_ID.eq(orgId).and(ID.eq(checkId))).execute();
            bump(tx.dsl());
            return n;
        });
        if (deleted == 0) {
            throw notFound(checkId);
        }
    }

    /** The newest results of a check first. */
    public List<CheckResult> results(UUID orgId, UUID checkId, int limit) {
        get(orgId, checkId).orElseThrow(() -> notFound(checkId));
        return dsl.select(CHECK_ID, CHECKED_AT, STATE, OUTPUT, DURATION).from(RESULT).where(CHECK_ID.eq(checkId))
                .orderBy(CHECKED_AT.desc()).limit(limit)
                .fetch(r -> new CheckResult(r.value1(), r.value2().toInstant(), r.value3(), r.value4(), r.value5()));
    }

    /** Changes with every create, update and delete; cheap to read. */
    public long revision() {
        Record r = dsl.fetchOne("SELECT last_value, is_called FROM monitoring_check_revision");
        return Boolean.TRUE.equals(r.get(1, Boolean.class)) ? r.get(0, Long.class) : 0;
    }

    /** The enabled checks of every host, as the agents get them. */
    public Map<UUID, List<CheckDefinition>> enabledByHost() {
        Map<UUID, List<CheckDefinition>> byHost = new HashMap<>();
        dsl.select(columns()).from(CHECK).where(ENABLED.isTrue()).orderBy(HOST_ID, NAME).forEach(r -> {
            Check c = check(r);
            byHost.computeIfAbsent(c.hostId(), h -> new java.util.ArrayList<>()).add(CheckDefinition.newBuilder()
                    .setCheckId(c.id().toString()).setType(c.type()).putAllSettings(c.settings())
                    .setIntervalSecs(c.intervalSecs()).build());
        });
        byHost.replaceAll((host, list) -> List.copyOf(list));
        return byHost;
    }

    private static void bump(DSLContext tx) {
        tx.fetchOne("SELECT nextval('monitoring_check_revision')");
    }

    private static JSONB json(DSLContext tx, Map<String, String> settings) {
        return tx.select(DSL.field("jsonb_object({0}::text[], {1}::text[])", JSONB.class,
                DSL.val(settings.keySet().toArray(String[]::new)), DSL.val(settings.values().toArray(String[]::new))))
                .fetchOne(0, JSONB.class);
    }

    private static List<Field<?>> columns() {
        return List.of(ID, HOST_ID, NAME, TYPE, KEYS, VALUES, INTERVAL, ENABLED, LAST_STATE, LAST_OUTPUT, LAST_CHECKED_AT,
                UPDATED_AT);
    }

    private static Check check(Record r) {
        String[] keys = r.get(KEYS);
        String[] values = r.get(VALUES);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            settings.put(keys[i], values[i]);
        }
        return new Check(r.get(ID), r.get(HOST_ID), r.get(NAME), r.get(TYPE), settings, r.get(INTERVAL), r.get(ENABLED),
                r.get(LAST_STATE), r.get(LAST_OUTPUT), instant(r.get(LAST_CHECKED_AT)), instant(r.get(UPDATED_AT)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static Refused notFound(UUID checkId) {
        return new Refused(Refused.Reason.NOT_FOUND, "no check " + checkId + " in your organisation");
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
