package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PushedChecksFileTest {

    @TempDir
    Path dataDir;

    private static final CheckDefinition PORT = CheckDefinition.newBuilder().setCheckId("ssh").setType("port")
            .putSettings("host", "127.0.0.1").putSettings("port", "22").setIntervalSecs(30).build();

    @Test
    void keepsTheLastSetOwnerOnlyWithNoTemporaryFileLeft() throws Exception {
        PushedChecksFile file = new PushedChecksFile(dataDir);
        assertEquals(Optional.empty(), file.load(), "nothing pushed yet");

        file.save(List.of(PORT));
        file.save(List.of(PORT, PORT.toBuilder().setCheckId("web").setType("http").build()));

        assertEquals(List.of("ssh", "web"), file.load().orElseThrow().stream().map(CheckDefinition::getCheckId).toList());
        assertEquals(PORT, file.load().orElseThrow().get(0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())));
        try (Stream<Path> files = Files.list(dataDir)) {
            assertEquals(List.of(PushedChecksFile.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anEmptySetIsKeptAsEmptyNotAsNothing() throws Exception {
        PushedChecksFile file = new PushedChecksFile(dataDir);
        file.save(List.of(PORT));

        file.save(List.of());

        assertEquals(Optional.of(List.of()), file.load());
    }

    @Test
    void aDamagedFileIsIgnored() throws Exception {
        PushedChecksFile file = new PushedChecksFile(dataDir);
        Files.write(file.file(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});

        assertEquals(Optional.empty(), file.load());
    }
}
