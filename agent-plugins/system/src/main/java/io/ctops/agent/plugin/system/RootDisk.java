package io.ctops.agent.plugin.system;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the root file system's space comes from; tests substitute fixed figures. */
@FunctionalInterface
interface RootDisk {

    /**
     * {@return the space of the root file system}
     *
     * @throws IOException when the file store cannot be read
     */
    DiskSpace read() throws IOException;

    /**
     * {@return the space of the file system holding {@code hostRoot}: the host's {@code /}, or the
     * host's root mounted into the agent's container}
     */
    static RootDisk fileStoreOf(Path hostRoot) {
        return () -> {
            FileStore store = Files.getFileStore(hostRoot);
            return new DiskSpace(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        };
    }
}
