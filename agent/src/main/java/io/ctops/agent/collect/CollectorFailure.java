package io.ctops.agent.collect;

/**
 * A collector that did not deliver its figures this time.
 *
 * @param collectorId the collector's id
 * @param reason why, in one line
 */
public record CollectorFailure(String collectorId, String reason) {
}
