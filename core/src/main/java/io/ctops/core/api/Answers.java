package io.ctops.core.api;

import io.ctops.core.access.Refusal;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The answers every resource gives the same way: 201 with the new thing's address, 204 for done. */
final class Answers {

    private Answers() {
    }

    /** 201 Created with {@code Location: <request path>/<id>} and the created thing as the body. */
    static Response created(UriInfo uri, Object id, Object body) {
        return Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build()).entity(body).build();
    }

    static Response done() {
        return Response.noContent().build();
    }

    /** A required JSON body that was not sent. */
    static <T> T body(T body, String example) {
        if (body == null) {
            throw Refusal.invalid("send a JSON body such as " + example);
        }
        return body;
    }
}
