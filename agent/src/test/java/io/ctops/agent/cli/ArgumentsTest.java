package io.ctops.agent.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgumentsTest {

    @Test
    void readsFlagsAndOptionsInBothSpellings() {
        Arguments arguments = Arguments.parse(List.of("collect", "--once", "--plugins-dir", "/opt/p", "--data-dir=/var/d"));

        assertEquals("collect", arguments.command());
        assertTrue(arguments.has("--once"));
        assertEquals(Optional.of("/opt/p"), arguments.option("--plugins-dir"));
        assertEquals(Optional.of("/var/d"), arguments.option("--data-dir"));
        assertEquals(Optional.empty(), arguments.option("--host-root"));
    }

    @Test
    void noArgumentsOrHelpFlagMeansHelp() {
        assertEquals(new Arguments("help", Set.of(), Map.of()), Arguments.parse(List.of()));
        assertEquals("help", Arguments.parse(List.of("--help")).command());
        assertEquals("help", Arguments.parse(List.of("-h")).command());
    }

    @Test
    void namesWhatIsWrongInOneMessage() {
        assertEquals("unknown option '--plugin-dir' for collect", usageError("collect", "--once", "--plugin-dir", "x"));
        assertEquals("option --plugins-dir needs a value", usageError("collect", "--plugins-dir"));
        assertEquals("option --plugins-dir needs a value", usageError("collect", "--plugins-dir", "--once"));
        assertEquals("option --data-dir needs a value", usageError("collect", "--data-dir="));
        assertEquals("option --once takes no value", usageError("collect", "--once=yes"));
        assertEquals("option --once given twice", usageError("collect", "--once", "--once"));
        assertEquals("unexpected argument 'now'", usageError("collect", "now"));
        assertEquals("unknown command 'colect'", usageError("colect", "--once"));
        assertEquals("expected a command before '--once'", usageError("--once"));
        assertEquals("unknown option '--once' for version", usageError("version", "--once"));
    }

    @Test
    void runTakesAConfigFileAndRepeatedTags() {
        Arguments arguments = Arguments.parse(List.of("run", "--config", "/etc/a.toml", "--tag", "env=prod",
                "--tag=zone:eu", "--data-dir", "/d"));

        assertEquals("run", arguments.command());
        assertEquals(Optional.of("/etc/a.toml"), arguments.option("--config"));
        assertEquals(List.of("env=prod", "zone:eu"), arguments.all("--tag"));
        assertEquals(Optional.of("/d"), arguments.option("--data-dir"));
        assertEquals(List.of(), Arguments.parse(List.of("run")).all("--tag"));
    }

    @Test
    void statusAndRunRefuseWhatTheyDoNotTake() {
        assertEquals("unknown option '--once' for run", usageError("run", "--once"));
        assertEquals("unknown option '--tag' for status", usageError("status", "--tag", "a=b"));
        assertEquals("option --config given twice", usageError("run", "--config", "a", "--config", "b"));
        assertEquals("option --tag needs a value", usageError("run", "--tag"));
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> Arguments.parse(List.of(args))).getMessage();
    }
}
