package io.ctops.core.admin;

import static java.util.Objects.requireNonNull;

/**
 * The command an operator pastes on a new host, run from the unpacked agent tarball. It carries the
 * token secret, so it is shown once with the new token and never stored.
 *
 * @param ingestAddress {@code host:port} of the gRPC ingest port as hosts reach it
 */
public record AgentInstallCommand(String ingestAddress) {

    public AgentInstallCommand {
        requireNonNull(ingestAddress, "ingestAddress is null");
    }

    public String forSecret(String secret) {
        requireNonNull(secret, "secret is null");
        // single quotes: nothing in the values is expanded by the shell (secrets are base64url, no quotes)
        return "CT_OPS_INGEST_ADDRESS='" + ingestAddress.replace("'", "") + "' CT_OPS_ORG_TOKEN='" + secret.replace("'", "")
                + "' bin/ctops-agent run";
    }
}
