package io.ctops.agent.plugin.system;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiskSpaceTest {

    @Test
    void countsRootReservedSpaceAsUnavailableLikeDf() {
        // 40 used, 50 usable, 10 reserved: 40 / 90
        assertEquals(44.44, new DiskSpace(100, 60, 50).usedPercent());
    }

    @Test
    void aDiskFullForUsersIsFullEvenWithReservedBlocksLeft() {
        assertEquals(100.0, new DiskSpace(100, 5, 0).usedPercent());
    }

    @Test
    void anEmptyFileSystemIsZero() {
        assertEquals(0.0, new DiskSpace(0, 0, 0).usedPercent());
    }
}
