package io.ctops.core.fleet;

import io.ctops.core.access.Refusal;
import java.util.Locale;

/** The columns the hosts list sorts by. */
public enum HostSort {
    HOSTNAME, OS, CPU, MEMORY, DISK, LAST_SEEN, STATUS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HostSort parse(String value) {
        for (HostSort sort : values()) {
            if (sort.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return sort;
            }
        }
        throw Refusal.invalid("sort must be one of hostname, os, cpu, memory, disk, last_seen, status");
    }
}
