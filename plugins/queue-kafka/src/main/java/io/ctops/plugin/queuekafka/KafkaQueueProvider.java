package io.ctops.plugin.queuekafka;

import io.ctops.sdk.queue.spi.QueueBackend;
import io.ctops.sdk.queue.spi.QueueProvider;
import io.ctops.sdk.queue.spi.QueueSettings;
import org.pf4j.Extension;

/** The {@code kafka} queue ({@code CT_OPS_QUEUE=kafka}). */
@Extension
public final class KafkaQueueProvider implements QueueProvider {

    public static final String NAME = "kafka";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public QueueBackend open(QueueSettings settings) {
        return KafkaQueue.open(settings);
    }
}
