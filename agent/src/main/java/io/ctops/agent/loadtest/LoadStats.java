package io.ctops.agent.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The run's counters, updated from every thread of the load generator. */
final class LoadStats {

    final LongAdder registered = new LongAdder();
    final LongAdder registerAttempts = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    /** Sent and never acknowledged: lost with a broken stream, or answered too late. */
    final LongAdder failed = new LongAdder();
    /** Due while the agent had no open stream (a real agent would spool them). */
    final LongAdder notSent = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder checkResults = new LongAdder();
    /** Agents with a stream the server acknowledged a heartbeat on. */
    final AtomicInteger active = new AtomicInteger();
    /** Heartbeat streams connected now. */
    final AtomicInteger streams = new AtomicInteger();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Counts one error of a kind, e.g. {@code register: UNAVAILABLE} or {@code stream: CANCELLED}. */
    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** {@return errors by kind, sorted by kind} */
    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
