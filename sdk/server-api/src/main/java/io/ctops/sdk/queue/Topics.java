package io.ctops.sdk.queue;

import io.ctops.proto.queue.v1.AgentStatusChanged;
import io.ctops.proto.queue.v1.AlertPending;
import io.ctops.proto.queue.v1.CheckResultReceived;
import io.ctops.proto.queue.v1.DeadLetter;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.proto.queue.v1.SoftwareInventory;
import java.util.List;

/** The core topics (DESIGN §5). Plugins may declare more with {@link Topic#of}. */
public final class Topics {

    public static final Topic<MetricsRaw> METRICS_RAW = Topic.of("metrics.raw", MetricsRaw.parser());
    public static final Topic<AgentStatusChanged> AGENT_STATUS = Topic.of("agent.status", AgentStatusChanged.parser());
    public static final Topic<CheckResultReceived> CHECKS_RESULTS = Topic.of("checks.results", CheckResultReceived.parser());
    public static final Topic<EventRaw> EVENTS_RAW = Topic.of("events.raw", EventRaw.parser());
    public static final Topic<AlertPending> ALERTS_PENDING = Topic.of("alerts.pending", AlertPending.parser());
    public static final Topic<SoftwareInventory> INVENTORY_SOFTWARE = Topic.of("inventory.software", SoftwareInventory.parser());

    /** Records a consumer group rejected repeatedly, with the error; keyed by group. */
    public static final Topic<DeadLetter> DEAD_LETTER = Topic.of("queue.dead-letter", DeadLetter.parser());

    /** Every core topic. */
    public static final List<Topic<?>> CORE = List.of(
            METRICS_RAW, AGENT_STATUS, CHECKS_RESULTS, EVENTS_RAW, ALERTS_PENDING, INVENTORY_SOFTWARE, DEAD_LETTER);

    private Topics() {
    }
}
