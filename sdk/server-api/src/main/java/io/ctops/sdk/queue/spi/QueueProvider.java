package io.ctops.sdk.queue.spi;

import org.pf4j.ExtensionPoint;

/**
 * Supplies the server's queue from a plugin. The operator picks one by name ({@code CT_OPS_QUEUE});
 * the server then starts the plugin that provides it before every other plugin, opens the backend and
 * hands it to ingest, the consumers and every plugin's {@link io.ctops.sdk.PluginContext#queue()}.
 * A plugin that provides the server's queue cannot be disabled while the server runs.
 */
public interface QueueProvider extends ExtensionPoint {

    /** The name operators choose it by, e.g. {@code kafka}; lower-case. */
    String name();

    /**
     * Opens the queue. Must not wait long for a remote service: when the service is down the backend
     * opens anyway, reports it through {@link QueueBackend#healthProblem()} and keeps trying.
     *
     * @throws IllegalArgumentException when the settings cannot work (the message names the setting)
     */
    QueueBackend open(QueueSettings settings);
}
