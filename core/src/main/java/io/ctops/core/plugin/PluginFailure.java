package io.ctops.core.plugin;

/** Something a plugin did (or lacks) that stops it from running; the message is its recorded reason. */
public class PluginFailure extends RuntimeException {

    public PluginFailure(String message) {
        super(message);
    }

    public PluginFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
