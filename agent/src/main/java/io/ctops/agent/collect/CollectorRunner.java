package io.ctops.agent.collect;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.Collector;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enabled collectors one after another and merges their figures into one {@link Vitals}.
 *
 * <p>Each collector fills a builder of its own that is merged only when it returns, so a collector
 * that throws halfway leaves nothing behind, as the SDK promises.
 */
public final class CollectorRunner {

    private static final Logger log = LoggerFactory.getLogger(CollectorRunner.class);

    private final List<Collector> collectors;

    /**
     * @param collectors all collectors; those whose {@link Collector#enabled()} says no are left out
     */
    public CollectorRunner(List<Collector> collectors) {
        this.collectors = enabledOnly(collectors);
    }

    private static List<Collector> enabledOnly(List<Collector> all) {
        List<Collector> enabled = new ArrayList<>();
        for (Collector collector : all) {
            try {
                if (collector.enabled()) {
                    enabled.add(collector);
                } else {
                    log.info("Collector {} is disabled on this host", collector.id());
                }
            } catch (RuntimeException | LinkageError e) {
                log.error("Collector {} left out: enabled() failed: {}", collector.getClass().getName(), e.toString());
            }
        }
        return List.copyOf(enabled);
    }

    /** {@return the ids of the collectors that run} */
    public List<String> collectorIds() {
        return collectors.stream().map(Collector::id).toList();
    }

    /** {@return one round of figures from every enabled collector} */
    public CollectionResult collectOnce() {
        Vitals.Builder vitals = Vitals.newBuilder();
        List<String> succeeded = new ArrayList<>();
        List<CollectorFailure> failed = new ArrayList<>();
        for (Collector collector : collectors) {
            Vitals.Builder part = Vitals.newBuilder();
            try {
                collector.collect(part);
                vitals.mergeFrom(part.build());
                succeeded.add(collector.id());
            } catch (Exception | LinkageError e) {
                String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
                failed.add(new CollectorFailure(collector.id(), reason));
                log.warn("Collector {} failed: {}", collector.id(), reason);
                log.debug("Details of the failure of collector {}", collector.id(), e);
            }
        }
        return new CollectionResult(vitals.build(), succeeded, failed);
    }
}
