package com.bento.spi;

import java.util.Objects;

/**
 * Observes every HTTP request a Bento web host served, after the response is complete; found
 * with {@link java.util.ServiceLoader}. Bento's OpenTelemetry module records them as the
 * {@code http.server.request.duration} metric. Called on the request's thread: keep it cheap;
 * an exception it throws is logged and ignored.
 */
public interface RequestListener {

    /**
     * One completed request.
     *
     * @param method the HTTP method, such as {@code GET}
     * @param route the matched route template, such as {@code /orders/{id}}, or empty when no route matched
     * @param status the response status
     * @param scheme {@code http} or {@code https}
     * @param protocolVersion the HTTP version, such as {@code 1.1} or {@code 2}
     * @param durationNanos how long the request took, in nanoseconds
     */
    record Request(String method, String route, int status, String scheme, String protocolVersion, long durationNanos) {
        /** Validates the components. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(protocolVersion, "protocolVersion");
        }
    }

    /**
     * @param request the completed request
     */
    void requestCompleted(Request request);
}
