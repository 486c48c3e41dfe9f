package io.ctops.core.config;

import static java.util.Objects.requireNonNull;

import io.ctops.sdk.queue.spi.QueueSettings;
import java.util.Optional;

/**
 * The queue the operator chose ({@code CT_OPS_QUEUE}) and, for a broker-backed one, its settings.
 *
 * @param kind local or a plugin's queue
 * @param brokerSettings present exactly when {@code kind} is not {@link QueueKind#LOCAL}
 */
public record QueueChoice(QueueKind kind, Optional<QueueSettings> brokerSettings) {

    public QueueChoice {
        requireNonNull(kind, "kind is null");
        requireNonNull(brokerSettings, "brokerSettings is null");
        if ((kind == QueueKind.LOCAL) != brokerSettings.isEmpty()) {
            throw new IllegalArgumentException("broker settings go with a broker-backed queue, and only with one");
        }
    }

    public static QueueChoice local() {
        return new QueueChoice(QueueKind.LOCAL, Optional.empty());
    }

    public static QueueChoice kafka(QueueSettings settings) {
        return new QueueChoice(QueueKind.KAFKA, Optional.of(settings));
    }
}
