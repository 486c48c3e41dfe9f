package io.ctops.core.queue.wal;

import static java.lang.invoke.MethodType.methodType;

import io.ctops.core.queue.QueueMetrics;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * Feeds {@link QueueMetrics}, whose recording methods are package-private to {@code io.ctops.core.queue}.
 * Until they are opened to implementations in sub-packages, this reaches them through a private lookup
 * (legal: same module), confined to this class and checked by the tests so a rename cannot go unnoticed.
 */
final class QueueCounters {

    private final QueueMetrics metrics;
    private final MethodHandle published;
    private final MethodHandle dropped;
    private final MethodHandle consumed;

    QueueCounters(QueueMetrics metrics) {
        this.metrics = metrics;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(QueueMetrics.class, MethodHandles.lookup());
            published = lookup.findVirtual(QueueMetrics.class, "published", methodType(void.class, String.class));
            dropped = lookup.findVirtual(QueueMetrics.class, "dropped", methodType(void.class, String.class));
            consumed = lookup.findVirtual(QueueMetrics.class, "consumed", methodType(void.class, String.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("QueueMetrics no longer has published/dropped/consumed(String...)", e);
        }
    }

    void published(String topic) {
        try {
            published.invokeExact(metrics, topic);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // the targets declare no checked exceptions
        }
    }

    void dropped(String topic, long records) {
        try {
            for (long i = 0; i < records; i++) {
                dropped.invokeExact(metrics, topic);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // the targets declare no checked exceptions
        }
    }

    void consumed(String group, String topic) {
        try {
            consumed.invokeExact(metrics, group, topic);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // the targets declare no checked exceptions
        }
    }
}
