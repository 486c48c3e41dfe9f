package io.ctops.core.events;

import static io.ctops.db.jooq.Tables.EVENT;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.ctops.proto.queue.v1.AgentStatusChanged;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep7;
import org.jooq.JSONB;

/**
 * Feeds the event spine: host status transitions (agent.status) and events (events.raw) become rows
 * of the {@code event} table, one multi-row insert per batch; a redelivered record is skipped by its
 * source (topic and offset).
 */
public final class EventSpineConsumer implements QueueConsumer {

    static final int MAX_SUMMARY = 500;
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final DSLContext dsl;

    public EventSpineConsumer(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    @Override
    public String group() {
        return "core.event-spine";
    }

    @Override
    public List<Topic<?>> topics() {
        return List.of(Topics.AGENT_STATUS, Topics.EVENTS_RAW);
    }

    @Override
    public void handle(List<QueueRecord<?>> batch) throws InvalidProtocolBufferException {
        InsertValuesStep7<?, UUID, UUID, String, java.time.OffsetDateTime, String, JSONB, String> insert =
                dsl.insertInto(EVENT, EVENT.ORG_ID, EVENT.HOST_ID, EVENT.KIND, EVENT.AT, EVENT.SUMMARY, EVENT.PAYLOAD, EVENT.SOURCE);
        for (QueueRecord<?> record : batch) {
            Row row = record.topic().name().equals(Topics.AGENT_STATUS.name())
                    ? status(record.payloadOf(Topics.AGENT_STATUS), record)
                    : event(record.payloadOf(Topics.EVENTS_RAW), record);
            insert = insert.values(row.orgId, row.hostId, row.kind, row.at.atOffset(ZoneOffset.UTC),
                    abbreviate(row.summary), JSONB.valueOf(JSON.print(row.payload)),
                    record.topic().name() + "#" + record.offset());
        }
        insert.onConflict(EVENT.SOURCE).doNothing().execute();
    }

    private record Row(UUID orgId, UUID hostId, String kind, Instant at, String summary, Message payload) {
    }

    private static Row status(AgentStatusChanged change, QueueRecord<?> record) {
        return new Row(UUID.fromString(change.getOrgId()), uuidOrNull(change.getHostId()), "host.status",
                change.hasAt() ? Instant.ofEpochSecond(change.getAt().getSeconds(), change.getAt().getNanos()) : record.publishedAt(),
                "host " + change.getFromStatus() + " -> " + change.getToStatus() + ": " + change.getReason(), change);
    }

    private static Row event(EventRaw event, QueueRecord<?> record) {
        String kind = event.getKind().isBlank() ? "event" : event.getKind();
        return new Row(UUID.fromString(event.getOrgId()), uuidOrNull(event.getHostId()), kind.length() > 100 ? kind.substring(0, 100) : kind,
                event.hasAt() ? Instant.ofEpochSecond(event.getAt().getSeconds(), event.getAt().getNanos()) : record.publishedAt(),
                event.getMessage(), event);
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null || value.isBlank() ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String summary) {
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 3) + "...";
    }
}
