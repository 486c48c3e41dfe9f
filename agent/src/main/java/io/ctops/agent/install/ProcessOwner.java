package io.ctops.agent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this process runs as: {@code install} and {@code uninstall} need root. */
@FunctionalInterface
public interface ProcessOwner {

    /** {@return the effective user id} */
    int effectiveUid();

    /** The real answer, from the kernel's {@code /proc/self/status} (the second field of {@code Uid:}). */
    static ProcessOwner current() {
        return () -> {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(line -> line.startsWith("Uid:"))
                        .map(line -> line.substring(4).strip().split("\\s+")[1])
                        .mapToInt(Integer::parseInt)
                        .findFirst().orElse(-1);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        };
    }
}
