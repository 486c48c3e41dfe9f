package io.ctops.core.config;

/** A setting is invalid; the message names the variable and what is wrong, on one line. */
public class ConfigException extends RuntimeException {

    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
