package io.ctops.agent.identity;

import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OsReleaseTest {

    @Test
    void namesTheDistributionAndVersion() {
        String debian = """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                ID=debian
                """;
        assertEquals(Optional.of("Debian GNU/Linux 12"), OsRelease.describe(debian));
        assertEquals(Optional.of("Arch Linux"), OsRelease.describe("NAME='Arch Linux'\n# no version\n"));
        assertEquals(Optional.of("Some OS 1"), OsRelease.describe("PRETTY_NAME=\"Some OS 1\"\n"));
        assertEquals(Optional.empty(), OsRelease.describe("garbage\n=\n"));
    }
}
