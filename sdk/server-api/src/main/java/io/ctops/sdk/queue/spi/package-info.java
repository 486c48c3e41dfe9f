/**
 * The queue's service provider interface: what a plugin implements to become the server's queue
 * ({@link io.ctops.sdk.queue.spi.QueueProvider}, {@link io.ctops.sdk.queue.spi.QueueBackend}). Plugins
 * that only publish and consume use {@link io.ctops.sdk.queue} and never this package.
 */
package io.ctops.sdk.queue.spi;
