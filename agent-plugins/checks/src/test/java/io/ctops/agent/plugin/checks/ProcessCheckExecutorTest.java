package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the fixture host roots in {@code src/test/resources/proc-fixtures/}, never this machine's /proc. */
class ProcessCheckExecutorTest {

    private static CheckResult run(String scenario, Map<String, String> settings) {
        return new ProcessCheckExecutor(Checks.context(scenario)).run(Checks.definition("process", settings));
    }

    @Test
    void countsTheProcessesWithTheName() {
        CheckResult result = run("typical", Map.of("name", "nginx"));

        assertEquals(CheckResult.State.STATE_OK, result.getState());
        assertEquals("3 processes named nginx (pid 512, 513, 514)", result.getOutput());
    }

    @Test
    void noProcessWithTheNameIsCritical() {
        CheckResult result = run("no-nginx", Map.of("name", "nginx"));

        assertEquals(CheckResult.State.STATE_CRITICAL, result.getState());
        assertEquals("no process named nginx", result.getOutput());
    }

    @Test
    void aNameLongerThanTheKernelKeepsMatchesTheProgramsFileName() {
        CheckResult result = run("typical", Map.of("name", "ctops-inventory-sync"));

        assertEquals("1 process named ctops-inventory-sync (pid 1204)", result.getOutput());
    }

    @Test
    void aPatternIsLookedForInTheWholeCommandLine() {
        CheckResult result = run("typical", Map.of("pattern", "billing-service\\.jar.*--port=8081"));

        assertEquals(CheckResult.State.STATE_OK, result.getState());
        assertEquals("1 process matching /billing-service\\.jar.*--port=8081/ (pid 900)", result.getOutput());
        assertEquals(CheckResult.State.STATE_CRITICAL, run("typical", Map.of("pattern", "--port=9999")).getState());
    }

    @Test
    void exitedProcessesAreLeftOutAndKernelThreadsCountByNameOnly() {
        assertEquals(CheckResult.State.STATE_CRITICAL, run("typical", Map.of("name", "gone")).getState(),
                "pid 2025 exited while it was read: no cmdline");
        assertEquals("1 process named kthreadd (pid 2)", run("typical", Map.of("name", "kthreadd")).getOutput());
        assertEquals("no process matching /^$/", run("typical", Map.of("pattern", "^$")).getOutput(),
                "a kernel thread has no command line to match");
    }

    @Test
    void withoutProcItIsUnknown() {
        CheckResult result = new ProcessCheckExecutor(Checks.context()).run(Checks.definition("process",
                Map.of("name", "nginx")));

        assertEquals(CheckResult.State.STATE_UNKNOWN, result.getState());
        assertTrue(result.getOutput().startsWith("cannot list the processes in /nonexistent-host-root/proc"),
                result.getOutput());
    }

    @Test
    void settingsNeedExactlyOneOfNameAndPattern() {
        assertEquals("invalid settings: name or pattern is missing", run("typical", Map.of()).getOutput());
        assertEquals("invalid settings: give either name or pattern, not both",
                run("typical", Map.of("name", "nginx", "pattern", "nginx")).getOutput());
        CheckResult badRegex = run("typical", Map.of("pattern", "nginx("));
        assertEquals(CheckResult.State.STATE_UNKNOWN, badRegex.getState());
        assertTrue(badRegex.getOutput().startsWith("invalid settings: pattern is not a regular expression: "),
                badRegex.getOutput());
        assertThrows(IllegalArgumentException.class, () -> new ProcessCheckExecutor(Checks.context("typical"))
                .validate(Checks.definition("process", Map.of("pattern", "["))));
    }
}
