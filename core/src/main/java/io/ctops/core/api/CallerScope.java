package io.ctops.core.api;

import io.ctops.core.access.CurrentCaller;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Forgets the request's caller once the response is ready, so a pooled thread never carries it into the next request. */
@Provider
public final class CallerScope implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CurrentCaller.leaveRequest();
    }
}
