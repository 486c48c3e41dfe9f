package io.ctops.core.config;

/** CT_OPS_MODE: how strict start-up is about secrets. */
public enum ServerMode {
    /** CT_OPS_SECRET (or CT_OPS_SECRET_FILE) is required. The default. */
    PRODUCTION,
    /** For trials on one machine: without a secret one is generated and kept in the data directory. */
    DEVELOPMENT
}
