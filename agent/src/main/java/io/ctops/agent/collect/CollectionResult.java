package io.ctops.agent.collect;

import io.ctops.proto.agent.v1.Vitals;
import java.util.List;

/**
 * The outcome of running the collectors once.
 *
 * @param vitals the merged figures of every collector that succeeded
 * @param succeeded ids of the collectors that succeeded
 * @param failed the collectors that threw, with their reasons
 */
public record CollectionResult(Vitals vitals, List<String> succeeded, List<CollectorFailure> failed) {

    public CollectionResult {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }

    /** {@return whether every collector that ran delivered its figures, and at least one ran} */
    public boolean complete() {
        return !succeeded.isEmpty() && failed.isEmpty();
    }
}
