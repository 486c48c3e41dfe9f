package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.sdk.agent.CheckExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckSchedulerTest {

    /** Answers OK with its "say" setting and counts runs per check id. */
    private static final class EchoExecutor implements CheckExecutor {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @Override
        public String type() {
            return "echo";
        }

        @Override
        public void validate(CheckDefinition definition) {
            if (!definition.getSettingsMap().containsKey("say")) {
                throw new IllegalArgumentException("say is missing");
            }
        }

        @Override
        public CheckResult run(CheckDefinition definition) {
            runs.computeIfAbsent(definition.getCheckId(), id -> new AtomicInteger()).incrementAndGet();
            return CheckResult.newBuilder().setState(CheckResult.State.STATE_OK)
                    .setOutput(definition.getSettingsOrThrow("say")).build();
        }

        int runs(String id) {
            AtomicInteger count = runs.get(id);
            return count == null ? 0 : count.get();
        }
    }

    /** Waits until interrupted, then tells the test it was. */
    private static final class HangingExecutor implements CheckExecutor {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public String type() {
            return "hang";
        }

        @Override
        public CheckResult run(CheckDefinition definition) throws InterruptedException {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return CheckResult.getDefaultInstance();
        }
    }

    private static final class FailingExecutor implements CheckExecutor {
        @Override
        public String type() {
            return "fail";
        }

        @Override
        public CheckResult run(CheckDefinition definition) {
            throw new IllegalStateException("disk on fire");
        }
    }

    private final EchoExecutor echo = new EchoExecutor();
    private final HangingExecutor hang = new HangingExecutor();
    private final CheckResultQueue results = new CheckResultQueue();
    private final CheckScheduler scheduler = new CheckScheduler(
            new CheckExecutors(List.of(echo, hang, new FailingExecutor())), results, Clock.systemUTC(),
            Duration.ofMillis(300));

    @AfterEach
    void close() {
        scheduler.close();
    }

    private static CheckDefinition check(String id, String type, int intervalSecs, String... settings) {
        CheckDefinition.Builder definition = CheckDefinition.newBuilder().setCheckId(id).setType(type)
                .setIntervalSecs(intervalSecs);
        for (int i = 0; i < settings.length; i += 2) {
            definition.putSettings(settings[i], settings[i + 1]);
        }
        return definition.build();
    }

    private List<CheckResult> resultsOf(String id) {
        return results.pending(Integer.MAX_VALUE).stream().filter(r -> r.getCheckId().equals(id)).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void runsAPushedCheckAtOnceAndCompletesItsResult() throws Exception {
        scheduler.replace(List.of(check("web", "echo", 60, "say", "fine")));

        await("the first result", () -> resultsOf("web").size() == 1);
        CheckResult result = resultsOf("web").get(0);
        assertEquals(CheckResult.State.STATE_OK, result.getState());
        assertEquals("fine", result.getOutput());
        assertTrue(result.getCheckedAt().getSeconds() > 0, "checked_at filled in");
    }

    @Test
    void runsEachCheckOnItsOwnInterval() throws Exception {
        scheduler.replace(List.of(check("every-second", "echo", 1, "say", "a"), check("hourly", "echo", 3600, "say", "b")));

        await("three runs of the 1 s check", () -> echo.runs("every-second") >= 3);
        assertEquals(1, echo.runs("hourly"));
    }

    @Test
    void aHangingCheckIsCancelledAndReportedUnknown() throws Exception {
        scheduler.replace(List.of(check("stuck", "hang", 60)));

        await("the timeout's result", () -> resultsOf("stuck").size() == 1);
        CheckResult result = resultsOf("stuck").get(0);
        assertEquals(CheckResult.State.STATE_UNKNOWN, result.getState());
        assertEquals("timed out after 0.3 s", result.getOutput());
        assertEquals(300, result.getDurationMs());
        assertTrue(hang.interrupted.await(5, TimeUnit.SECONDS), "the check's thread was interrupted");
    }

    @Test
    void aRunNeverOutlastsItsInterval() throws Exception {
        try (CheckScheduler patient = new CheckScheduler(new CheckExecutors(List.of(hang)), results, Clock.systemUTC(),
                Duration.ofMinutes(5))) {
            patient.replace(List.of(check("stuck", "hang", 1)));

            await("the timeout's result", () -> resultsOf("stuck").size() == 1);
            assertEquals("timed out after 1 s", resultsOf("stuck").get(0).getOutput());
        }
    }

    @Test
    void aCheckThatThrowsIsReportedUnknownWithTheError() throws Exception {
        scheduler.replace(List.of(check("broken", "fail", 60)));

        await("the result", () -> resultsOf("broken").size() == 1);
        assertEquals(CheckResult.State.STATE_UNKNOWN, resultsOf("broken").get(0).getState());
        assertEquals("IllegalStateException: disk on fire", resultsOf("broken").get(0).getOutput());
    }

    @Test
    void aTypeNoPluginProvidesIsReportedUnknown() throws Exception {
        scheduler.replace(List.of(check("dns-1", "dns", 60, "name", "example.org")));

        await("the result", () -> resultsOf("dns-1").size() == 1);
        assertEquals(CheckResult.State.STATE_UNKNOWN, resultsOf("dns-1").get(0).getState());
        assertEquals("no executor for type dns", resultsOf("dns-1").get(0).getOutput());
    }

    @Test
    void settingsTheExecutorRejectsAreReportedUnknownWithoutRunningIt() throws Exception {
        scheduler.replace(List.of(check("typo", "echo", 60, "sya", "x"), check("good", "echo", 60, "say", "ok")));

        await("both results", () -> resultsOf("typo").size() == 1 && resultsOf("good").size() == 1);
        assertEquals("invalid settings: say is missing", resultsOf("typo").get(0).getOutput());
        assertEquals(CheckResult.State.STATE_UNKNOWN, resultsOf("typo").get(0).getState());
        assertEquals(0, echo.runs("typo"));
        assertEquals(CheckResult.State.STATE_OK, resultsOf("good").get(0).getState(), "only that check is affected");
    }

    @Test
    void aPushReplacesTheSetKeepingUnchangedChecksOnTheirSchedule() throws Exception {
        scheduler.replace(List.of(check("keep", "echo", 3600, "say", "k"), check("drop", "echo", 1, "say", "d"),
                check("change", "echo", 3600, "say", "old")));
        await("the first runs", () -> echo.runs("keep") == 1 && echo.runs("drop") == 1 && echo.runs("change") == 1);

        scheduler.replace(List.of(check("keep", "echo", 3600, "say", "k"), check("change", "echo", 3600, "say", "new"),
                check("add", "echo", 3600, "say", "a")));
        await("the changed and the new check to run", () -> echo.runs("change") == 2 && echo.runs("add") == 1);
        int dropRuns = echo.runs("drop");
        Thread.sleep(1500);

        assertEquals(List.of("keep", "change", "add"), new ArrayList<>(scheduler.definitions().keySet()));
        assertEquals(1, echo.runs("keep"), "an unchanged check is not run again by a push");
        assertEquals(dropRuns, echo.runs("drop"), "a dropped check no longer runs");
        assertEquals("new", resultsOf("change").get(1).getOutput());
    }

    @Test
    void anEmptyPushStopsEveryCheckAndARemovedRunReportsNothing() throws Exception {
        scheduler.replace(List.of(check("stuck", "hang", 60)));
        assertTrue(hang.started.await(5, TimeUnit.SECONDS));

        scheduler.replace(List.of());

        assertTrue(hang.interrupted.await(5, TimeUnit.SECONDS), "the run in progress is cancelled");
        Thread.sleep(500);
        assertEquals(List.of(), resultsOf("stuck"), "a cancelled run of a removed check reports nothing");
        assertTrue(scheduler.definitions().isEmpty());
    }

    @Test
    void ofTwoDefinitionsWithOneIdTheFirstCounts() throws Exception {
        scheduler.replace(List.of(check("dup", "echo", 3600, "say", "first"), check("dup", "echo", 3600, "say", "second")));

        await("the result", () -> resultsOf("dup").size() == 1);
        Thread.sleep(200);
        assertEquals(1, resultsOf("dup").size());
        assertEquals("first", resultsOf("dup").get(0).getOutput());
    }

    @Test
    void aDefinitionWithoutIntervalRunsEveryMinute() {
        PreparedCheck check = PreparedCheck.prepare(check("x", "echo", 0, "say", "x"),
                new CheckExecutors(List.of(echo)), Duration.ofSeconds(30));

        assertEquals(Duration.ofSeconds(60), check.interval());
        assertEquals(Duration.ofSeconds(30), check.timeout());
    }
}
