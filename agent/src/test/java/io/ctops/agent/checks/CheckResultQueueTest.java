package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckResult;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckResultQueueTest {

    private static CheckResult result(String id, String output) {
        return CheckResult.newBuilder().setCheckId(id).setState(CheckResult.State.STATE_OK).setOutput(output).build();
    }

    @Test
    void resultsStayUntilTheHeartbeatCarryingThemIsHandedOver() {
        CheckResultQueue queue = new CheckResultQueue();
        queue.add(result("a", "1"));
        queue.add(result("b", "1"));

        List<CheckResult> first = queue.pending(10);
        assertEquals(first, queue.pending(10), "taking a copy removes nothing");
        queue.add(result("a", "2"));
        queue.remove(first);

        assertEquals(List.of(result("a", "2")), queue.pending(10), "only what was carried is removed");
    }

    @Test
    void aHeartbeatTakesAtMostTheLimitOldestFirst() {
        CheckResultQueue queue = new CheckResultQueue();
        for (int i = 0; i < 5; i++) {
            queue.add(result("c", Integer.toString(i)));
        }

        assertEquals(List.of(result("c", "0"), result("c", "1")), queue.pending(2));
    }

    @Test
    void whenFullTheOldestResultsAreDropped() {
        CheckResultQueue queue = new CheckResultQueue(2);
        queue.add(result("c", "1"));
        queue.add(result("c", "2"));
        queue.add(result("c", "3"));

        assertEquals(List.of(result("c", "2"), result("c", "3")), queue.pending(10));
    }
}
