package io.ctops.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminArgumentsTest {

    private static AdminArguments parse(String... words) {
        return AdminArguments.parse(List.of(words), Set.of("name", "tag", "max-uses"), Set.of("auto-approve"));
    }

    @Test
    void readsPositionalValuedRepeatedAndFlagOptions() {
        AdminArguments args = parse("id-1", "--name", "rack 7", "--tag=site=fra", "--tag", "env:prod", "--auto-approve");
        assertEquals("id-1", args.single("id"));
        assertEquals("rack 7", args.required("name"));
        assertEquals(List.of("site=fra", "env:prod"), args.all("tag"));
        assertTrue(args.flag("auto-approve"));
        assertEquals(Optional.empty(), args.number("max-uses", 1, 10));
    }

    @Test
    void refusesWhatACommandDoesNotTake() {
        assertEquals("unknown option --nmae", assertThrows(UsageException.class, () -> parse("--nmae", "x")).getMessage());
        assertEquals("--name needs a value", assertThrows(UsageException.class, () -> parse("--name")).getMessage());
        assertEquals("--auto-approve takes no value", assertThrows(UsageException.class, () -> parse("--auto-approve=yes")).getMessage());
        assertTrue(assertThrows(UsageException.class, () -> parse("--password", "secret")).getMessage()
                .startsWith("passwords are never taken as arguments"));
        assertThrows(UsageException.class, () -> parse("--name", "a", "--name", "b").option("name"));
        assertThrows(UsageException.class, () -> parse("--max-uses", "0").number("max-uses", 1, 10));
        assertThrows(UsageException.class, () -> parse("a", "b").single("id"));
        assertThrows(UsageException.class, () -> parse().required("name"));
    }
}
