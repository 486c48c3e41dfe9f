package io.ctops.db;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a migration run.
 *
 * @param target         {@code "core"} or the plugin id
 * @param applied        how many migrations this run applied
 * @param currentVersion the schema version after the run ({@code null} if none)
 */
public record MigrationResult(String target, int applied, String currentVersion) {

    /** Checks the target. */
    public MigrationResult {
        requireNonNull(target, "target is null");
    }
}
