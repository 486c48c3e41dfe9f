package io.ctops.core.config;

import java.util.Locale;

/** CT_OPS_QUEUE: which queue the server uses. */
public enum QueueKind {
    /** The write-ahead log in the data directory, inside this process. The default. */
    LOCAL,
    /** Apache Kafka, through the plugin that provides the {@code kafka} queue. */
    KAFKA;

    /** The name operators write, which is also the {@link io.ctops.sdk.queue.spi.QueueProvider#name()} to look for. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
