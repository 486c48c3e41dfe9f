package io.ctops.core.plugin;

/** An operator's request (enable, disable, install) that cannot be carried out; the message says why. */
public class PluginOperationException extends RuntimeException {

    public PluginOperationException(String message) {
        super(message);
    }
}
