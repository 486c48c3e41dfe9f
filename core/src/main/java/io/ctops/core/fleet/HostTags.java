package io.ctops.core.fleet;

import static io.ctops.db.jooq.Tables.HOST;
import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.tags.TagRules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Host tags: {@code key:value} pairs, one value per key. Keys are case-insensitive (stored lower
 * case) so {@code Env} and {@code env} are one key in the catalogue; values keep their case.
 */
public final class HostTags {

    private final DSLContext dsl;
    private final HostDirectory hosts;
    private final AuditLog audit;

    public HostTags(DSLContext dsl, HostDirectory hosts, AuditLog audit) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** One key of the catalogue with the values in use and how many hosts carry each. */
    public record CatalogueEntry(String key, Map<String, Long> values) {
    }

    /** Every key and value in use in the organisation, for autocomplete and filters. */
    public List<CatalogueEntry> catalogue(Actor actor) {
        var key = DSL.field("t.key", String.class);
        var value = DSL.field("t.value", String.class);
        var rows = dsl.select(key, value, DSL.count())
                .from(HOST, DSL.table("jsonb_each_text({0})", HOST.TAGS).as("t"))
                .where(HOST.ORG_ID.eq(actor.orgId()), HOST.DELETED_AT.isNull())
                .groupBy(key, value).orderBy(key, value).fetch();
        Map<String, Map<String, Long>> byKey = new TreeMap<>();
        rows.forEach(r -> byKey.computeIfAbsent(r.value1(), k -> new TreeMap<>()).put(r.value2(), r.value3().longValue()));
        return byKey.entrySet().stream().map(e -> new CatalogueEntry(e.getKey(), e.getValue())).toList();
    }

    /** Replaces a host's tags. */
    public Map<String, String> set(Actor actor, UUID hostId, Map<String, String> tags) {
        actor.require(Role.ENGINEER);
        Map<String, String> clean = normalise(tags);
        hosts.get(actor, hostId);
        dsl.update(HOST).set(HOST.TAGS, TagRules.jsonb(clean))
                .where(HOST.ORG_ID.eq(actor.orgId()), HOST.ID.eq(hostId)).execute();
        audit.record(actor.orgId(), actor.name(), "host.tags", hostId.toString(), AuditLog.Outcome.OK, clean.toString());
        return clean;
    }

    /**
     * Sets one tag (replacing the key's value) on every host the selector matches, or removes the
     * key when {@code value} is null. Answers how many hosts changed.
     */
    public int bulk(Actor actor, BulkSelector selector, String key, String value) {
        actor.require(Role.ENGINEER);
        String cleanKey = key(key);
        var matching = selector.condition(actor);
        int changed;
        if (value == null) {
            changed = dsl.update(HOST).set(HOST.TAGS, DSL.field("{0} - {1}", HOST.TAGS.getDataType(), HOST.TAGS, DSL.val(cleanKey)))
                    .where(matching, DSL.condition("jsonb_exists({0}, {1})", HOST.TAGS, DSL.val(cleanKey))).execute();
        } else {
            String cleanValue = value(value);
            String pair = json(Map.of(cleanKey, cleanValue));
            changed = dsl.update(HOST).set(HOST.TAGS, DSL.field("{0} || {1}::jsonb", HOST.TAGS.getDataType(), HOST.TAGS, DSL.val(pair)))
                    .where(matching, DSL.condition("NOT ({0} @> {1}::jsonb)", HOST.TAGS, DSL.val(pair))).execute();
        }
        audit.record(actor.orgId(), actor.name(), value == null ? "host.tags.bulk-remove" : "host.tags.bulk-set", null,
                AuditLog.Outcome.OK, selector + " " + cleanKey + (value == null ? "" : "=" + value) + " -> " + changed + " host(s)");
        return changed;
    }

    /** Validates tags; keys are lower-cased, so {@code Env} and {@code env} collide and are refused. */
    public static Map<String, String> normalise(Map<String, String> tags) {
        requireNonNull(tags, "tags is null");
        try {
            return TagRules.normalise(tags, false);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
        }
    }

    /** Parses {@code key:value} or {@code key=value}. */
    public static Map.Entry<String, String> parsePair(String text) {
        String trimmed = text == null ? "" : text.strip();
        int at = trimmed.indexOf(':');
        int eq = trimmed.indexOf('=');
        int split = at < 0 ? eq : eq < 0 ? at : Math.min(at, eq);
        if (split <= 0) {
            throw Refusal.invalid("a tag is written key:value");
        }
        return Map.entry(key(trimmed.substring(0, split)), value(trimmed.substring(split + 1)));
    }

    static String key(String key) {
        try {
            return TagRules.key(key);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
        }
    }

    static String value(String value) {
        try {
            return TagRules.value(value, false);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
        }
    }

    static String json(Map<String, String> tags) {
        return TagRules.json(tags);
    }

    static Map<String, String> fromJson(JSONB json) {
        return TagRules.fromJson(json);
    }
}
