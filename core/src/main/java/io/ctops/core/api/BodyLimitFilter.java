package io.ctops.core.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies above {@link #MAX_BYTES} (413), by the declared length up front and by
 * counting for chunked bodies, so no call buffers an unbounded body. Plugin uploads have their own,
 * larger limit on their own path.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public final class BodyLimitFilter implements ContainerRequestFilter {

    static final int MAX_BYTES = 1024 * 1024;
    static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = request.getUriInfo().getPath().endsWith("plugins/upload") ? MAX_UPLOAD_BYTES : MAX_BYTES;
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }

    private static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException(ErrorMapper.json(413, "payload_too_large",
                "the request body is larger than " + limit / 1024 + " KiB"));
    }

    /** Stops reading once the limit is passed. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
