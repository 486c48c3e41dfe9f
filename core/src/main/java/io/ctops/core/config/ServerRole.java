package io.ctops.core.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a server process does (CT_OPS_ROLES); one process may hold several roles. */
public enum ServerRole {
    /** Accepts agents over gRPC. */
    INGEST,
    /** Runs queue consumers and scheduled jobs. */
    CONSUMERS,
    /** Serves the web UI and the REST API. */
    WEB;

    static Set<ServerRole> parseList(String variable, String value) {
        Set<ServerRole> roles = EnumSet.noneOf(ServerRole.class);
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                roles.add(ServerRole.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable, "unknown role '" + name + "' (known: ingest, consumers, web)");
            }
        }
        if (roles.isEmpty()) {
            throw new ConfigException(variable, "names no role (use any of ingest, consumers, web)");
        }
        return roles;
    }
}
