package io.ctops.agent.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server did with the bad clients of one kind: how they were answered (status code and
 * description, counted), how often they were cut off, and how long silent connections were kept.
 */
final class MisbehaviourTally {

    final LongAdder clients = new LongAdder();
    /** Streams or connections opened. */
    final LongAdder opened = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    /** Streams ended or connections closed by the server. */
    final LongAdder closedByServer = new LongAdder();
    /** Streams whose sending stopped because the server stopped reading (flow control). */
    final LongAdder heldBack = new LongAdder();
    /** Open now. */
    final AtomicInteger open = new AtomicInteger();
    private final RoundTrips closeTimes = new RoundTrips();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    /** Counts one answer of the server, e.g. {@code RESOURCE_EXHAUSTED: heartbeat larger than ...}. */
    void answer(String answer) {
        answers.computeIfAbsent(answer, a -> new LongAdder()).increment();
    }

    /** Records how long the server kept a connection that never sent anything before closing it. */
    void keptFor(long nanos) {
        closeTimes.record(nanos);
    }

    /** {@return answers by text, sorted} */
    Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((a, n) -> copy.put(a, n.sum()));
        return copy;
    }

    /** {@return the figures for the summary JSON} */
    Map<String, Object> summary() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clients", clients.sum());
        map.put("opened", opened.sum());
        map.put("open_at_end", open.get());
        map.put("heartbeats_sent", sent.sum());
        map.put("heartbeats_acknowledged", acknowledged.sum());
        map.put("closed_by_server", closedByServer.sum());
        map.put("held_back_by_flow_control", heldBack.sum());
        RoundTrips.Summary kept = closeTimes.total();
        if (kept.count() > 0) {
            Map<String, Object> keptMs = new LinkedHashMap<>();
            keptMs.put("count", kept.count());
            keptMs.put("p50", kept.p50());
            keptMs.put("max", kept.max());
            map.put("kept_open_ms", keptMs);
        }
        map.put("answers", answers());
        return map;
    }
}
