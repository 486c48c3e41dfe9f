package io.ctops.agent.transport;

import io.ctops.agent.config.IngestAddress;
import io.grpc.Status;
import javax.net.ssl.SSLException;

/**
 * Why a call to ingest failed, in one line for the log.
 *
 * @param kind what kind of failure it was
 * @param code the gRPC status code
 * @param message the line to log, naming the address
 */
public record IngestFailure(Kind kind, Status.Code code, String message) {

    /** Kinds of failure the agent reacts to differently. */
    public enum Kind {
        /** The server's certificate is not trusted: an operator must fix ca_cert_file or the server. */
        UNTRUSTED_SERVER,
        /** The TLS handshake failed otherwise, e.g. the server refused the client certificate. */
        TLS,
        /** Nothing answered, or the connection broke. */
        UNREACHABLE,
        /** The server answered and refused: wrong or expired credentials, a revoked agent. */
        REFUSED,
        /** Anything else. */
        OTHER
    }

    /** {@return the failure of a call to the address} */
    public static IngestFailure of(IngestAddress address, Throwable error) {
        Status status = Status.fromThrowable(error);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerCertificateRejectedException rejected) {
                return new IngestFailure(Kind.UNTRUSTED_SERVER, status.getCode(), "ingest " + address + ": "
                        + rejected.getMessage());
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return new IngestFailure(Kind.TLS, status.getCode(), "ingest " + address + ": TLS handshake failed: "
                        + tls.getMessage());
            }
        }
        String description = describe(status);
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> new IngestFailure(Kind.UNREACHABLE, status.getCode(),
                    "ingest " + address + " unreachable: " + description);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new IngestFailure(Kind.REFUSED, status.getCode(),
                    "ingest " + address + " refused the agent: " + description);
            default -> new IngestFailure(Kind.OTHER, status.getCode(), "ingest " + address + " failed: "
                    + status.getCode() + " " + description);
        };
    }

    /** The status description, with the underlying cause when gRPC only says "io exception". */
    private static String describe(Status status) {
        String description = status.getDescription();
        Throwable cause = status.getCause();
        String causeMessage = cause == null ? null : cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage();
        if (description == null) {
            return causeMessage == null ? status.getCode().name() : causeMessage;
        }
        return causeMessage == null || description.contains(causeMessage) ? description
                : description + " (" + causeMessage + ")";
    }
}
