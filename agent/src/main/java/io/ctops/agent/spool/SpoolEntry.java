package io.ctops.agent.spool;

import static java.util.Objects.requireNonNull;

/**
 * One record of the spool.
 *
 * @param index its position in the spool, increasing by one per record appended
 * @param payload what was appended
 */
public record SpoolEntry(long index, byte[] payload) {

    public SpoolEntry {
        requireNonNull(payload, "payload is null");
    }
}
