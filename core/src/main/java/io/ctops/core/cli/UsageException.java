package io.ctops.core.cli;

/** The command line itself is wrong (unknown command, missing or bad option): exit status 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message, null, false, false);
    }
}
