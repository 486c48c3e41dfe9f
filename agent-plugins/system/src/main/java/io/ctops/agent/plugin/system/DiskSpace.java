package io.ctops.agent.plugin.system;

/**
 * Space on one file system, in bytes, as {@link java.nio.file.FileStore} reports it.
 *
 * @param total the size of the file system
 * @param unallocated free blocks, including those reserved for root
 * @param usable free blocks an unprivileged user may use
 */
record DiskSpace(long total, long unallocated, long usable) {

    /**
     * {@return the share in use, in percent, computed as {@code df} does: used / (used + usable),
     * so a disk whose root-reserved blocks are all that is left shows 100%}
     */
    double usedPercent() {
        long used = total - unallocated;
        return Percent.of(used, used + usable);
    }
}
