package io.ctops.agent.spool;

/**
 * How full the spool is.
 *
 * @param records records waiting to be sent and acknowledged
 * @param bytes bytes on disk
 * @param maxBytes the bound; beyond it the oldest records are dropped
 * @param dropped records dropped because the bound was reached, since the spool was created
 */
public record SpoolStatus(long records, long bytes, long maxBytes, long dropped) {
}
