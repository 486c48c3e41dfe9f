package io.ctops.agent.transport;

import io.ctops.agent.config.IngestAddress;
import java.util.List;

/**
 * Fail-over across the configured ingest addresses: stay on one while it works, move to the next
 * when it fails. Once every address has failed in a row, the caller backs off before the next round.
 */
public final class AddressRotation {

    private final List<IngestAddress> addresses;
    private int current;
    private int failuresInARow;

    /** @param addresses the addresses in order of preference; at least one */
    public AddressRotation(List<IngestAddress> addresses) {
        this.addresses = List.copyOf(addresses);
        if (this.addresses.isEmpty()) {
            throw new IllegalArgumentException("no ingest address");
        }
    }

    /** {@return the address to try now} */
    public synchronized IngestAddress current() {
        return addresses.get(current);
    }

    /**
     * The current address failed: move to the next.
     *
     * @return whether every address has now failed since the last success, so it is time to back off
     */
    public synchronized boolean failed() {
        current = (current + 1) % addresses.size();
        failuresInARow++;
        return failuresInARow % addresses.size() == 0;
    }

    /** The current address worked: stay on it. */
    public synchronized void succeeded() {
        failuresInARow = 0;
    }

    /** {@return how many addresses there are} */
    public int size() {
        return addresses.size();
    }
}
