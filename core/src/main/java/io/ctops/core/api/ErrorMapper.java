package io.ctops.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ctops.core.access.Refusal;
import io.ctops.core.identity.IdentityRefusal;
import io.ctops.sdk.access.Refused;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as {@code {"error": {"code": "...", "message": "..."}}} with the matching HTTP status;
 * unexpected exceptions are logged and answered without internals.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        // a body cut off by the size limit surfaces wrapped by the JSON reader; the limit is the answer
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebApplicationException web && web.getResponse().getStatus() == 413) {
                return web.getResponse();
            }
        }
        if (error instanceof Refusal refusal) {
            return json(status(refusal.reason()), refusal.reason().code(), refusal.getMessage());
        }
        if (error instanceof Refused refused) {
            return json(status(Refusal.Reason.valueOf(refused.reason().name())), refused.reason().name().toLowerCase(Locale.ROOT),
                    refused.getMessage());
        }
        if (error instanceof IdentityRefusal refusal) {
            return json(status(refusal.reason()), refusal.reason().name().toLowerCase(Locale.ROOT), refusal.getMessage());
        }
        if (error instanceof JsonProcessingException json) {
            String where = json.getLocation() == null ? "" : " at line " + json.getLocation().getLineNr()
                    + ", column " + json.getLocation().getColumnNr();
            return json(400, "malformed_json", "the request body is not valid JSON for this call" + where);
        }
        if (error instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            Response.StatusType type = Response.Status.fromStatusCode(status);
            String reason = type == null ? "error" : type.getReasonPhrase();
            String message = web.getMessage() == null || web.getMessage().startsWith("HTTP ") ? reason : web.getMessage();
            if (web.getCause() instanceof JsonProcessingException) {
                return toResponse(web.getCause());
            }
            return json(status, reason.toLowerCase(Locale.ROOT).replace(' ', '_'), message);
        }
        LOG.error("REST request failed", error);
        return json(500, "internal", "internal error; see the server log");
    }

    static int status(Refusal.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case THROTTLED -> 429;
        };
    }

    private static int status(IdentityRefusal.Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
        };
    }

    static Response json(int status, String code, String message) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", Map.of("code", code, "message", message)));
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"ct-ops\"");
        }
        return builder.build();
    }
}
