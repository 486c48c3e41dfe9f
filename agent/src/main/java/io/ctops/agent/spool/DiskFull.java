package io.ctops.agent.spool;

import java.io.IOException;

/**
 * Tells a write that failed for want of space from other failures. Java reports neither ENOSPC nor
 * EFBIG as a type of its own, only through the operating system's message; dropping old records
 * helps with these and with nothing else (a read-only or unreadable directory stays so).
 */
final class DiskFull {

    private static final String[] MESSAGES = {
        "No space left on device", // ENOSPC
        "File too large", // EFBIG: the process's file size limit (ulimit -f)
        "Disk quota exceeded", // EDQUOT
    };

    private DiskFull() {
    }

    static boolean is(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                for (String full : MESSAGES) {
                    if (message.contains(full)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
