package com.bento.runtime.micronaut;

import com.bento.ReasonCode;
import com.bento.spi.RequestListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteMatch;
import java.util.Map;
import java.util.UUID;

/**
 * On every request: an {@code X-Request-ID} (the caller's or a new one), its duration recorded in
 * the runtime's {@link com.bento.runtime.PerformanceMonitor}, the in-flight count for graceful
 * shutdown, 503 for new requests while draining, and 404 for routes of modules that are not loaded.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@io.micronaut.context.annotation.Requires(property = "bento.filter.enabled", notEquals = "false")
// where an unordered filter runs (after every ordered one), but before ModuleRoutes, which answers routes declared as code
@io.micronaut.core.annotation.Order(io.micronaut.core.order.Ordered.LOWEST_PRECEDENCE - 1)
public final class BentoFilter {
    static final String REQUEST_ID = "X-Request-ID";
    private static final String STATE = "bento.request";
    private static final ReasonCode SHUTTING_DOWN =
            new ReasonCode("SHUTTING_DOWN", 503, "UNAVAILABLE", true, "The service is shutting down");

    private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("bento.http.access");
    private final BentoHost host;
    private final boolean accessLog;

    BentoFilter(BentoHost host) {
        this(host, HttpSettings.DEFAULTS);
    }

    @jakarta.inject.Inject
    BentoFilter(BentoHost host, HttpSettings settings) {
        this.host = host;
        this.accessLog = settings.accessLog();
    }

    /** What the filter keeps between the request and the response: one attribute, read without conversion. */
    static final class State {
        final long started = System.nanoTime();
        final String id;
        final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();

        State(String id) {
            this.id = id;
        }
    }

    /**
     * Stamps the request; refuses it when draining or when its route belongs to a module that is not loaded.
     *
     * @param request the request
     * @return a response that ends the request early, or null to go on
     */
    @RequestFilter
    public @Nullable HttpResponse<?> before(HttpRequest<?> request) {
        String given = request.getHeaders().get(REQUEST_ID);
        State state = new State(given == null || given.isBlank() || given.length() > 200 ? newId() : given);
        request.setAttribute(STATE, state);
        if (host.draining() && !request.getPath().startsWith("/health")) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(REQUEST_ID, state.id).body(ErrorResponses.body(
                    SHUTTING_DOWN, SHUTTING_DOWN.message(), Map.of()));
        }
        if (host.blocksAny()) {
            var match = BasicHttpAttributes.getRouteMatchInfo(request).orElse(null);
            if (match instanceof RouteMatch<?> route && host.blocked(route.getRouteInfo().getDeclaringType())) {
                ReasonCode notFound = ErrorResponses.forStatus(404, null);
                return HttpResponse.notFound().header(REQUEST_ID, state.id).body(ErrorResponses.body(notFound,
                        notFound.message(), Map.of()));
            }
        }
        host.requestStarted();
        state.counted.set(true);
        return null;
    }

    /** The request id the filter gave this request, for log lines and error bodies. */
    static String requestId(HttpRequest<?> request) {
        return request.getAttribute(STATE).map(s -> ((State) s).id).orElse("-");
    }

    /**
     * Records the duration and sets the request id on the response.
     *
     * @param request the request
     * @param response the response
     */
    @ResponseFilter
    public void after(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Object attribute = request.getAttribute(STATE).orElse(null);
        if (!(attribute instanceof State state)) {
            return;
        }
        long nanos = System.nanoTime() - state.started;
        host.runtime().performanceMonitor().recordRequestNanos(nanos);
        response.header(REQUEST_ID, state.id);
        if (host.hasRequestListeners()) {
            host.completed(new RequestListener.Request(request.getMethodName(),
                    BasicHttpAttributes.getUriTemplate(request).orElse(""), response.code(),
                    request.isSecure() ? "https" : "http", protocol(request), nanos));
        }
        if (accessLog && ACCESS.isInfoEnabled()) {
            access(request, response.code(), nanos, state.id);
        }
    }

    /**
     * The access log's line, {@code key=value} pairs (logfmt), also given as key-value pairs to an
     * encoder that writes JSON: method, route template, path with any secret in its query masked,
     * status, duration, request id, and the trace id of a W3C {@code traceparent} header.
     */
    static void access(HttpRequest<?> request, int status, long nanos, String requestId) {
        String route = BasicHttpAttributes.getUriTemplate(request).orElse("-");
        String query = request.getUri().getRawQuery();
        String path = request.getPath() + (query == null ? "" : "?" + com.bento.Settings.maskPasswords(query));
        String traceparent = request.getHeaders().get("traceparent");
        String trace = traceparent != null && traceparent.length() >= 35 && traceparent.charAt(2) == '-'
                ? traceparent.substring(3, 35) : "-";
        double millis = Math.round(nanos / 10_000.0) / 100.0;
        ACCESS.atInfo().addKeyValue("method", request.getMethodName()).addKeyValue("route", route)
                .addKeyValue("path", path).addKeyValue("status", status).addKeyValue("duration_ms", millis)
                .addKeyValue("request_id", requestId).addKeyValue("trace_id", trace)
                .log("method={} route={} path={} status={} duration_ms={} request_id={} trace_id={}",
                        request.getMethodName(), route, path, status, millis, requestId, trace);
    }

    /**
     * The request leaves the in-flight count once Micronaut has handed its response to Netty (or
     * given up on it), not when the response filter runs: in between, nothing else would show it.
     */
    static void terminated(HttpRequest<?> request, BentoHost host) {
        if (request.getAttribute(STATE).orElse(null) instanceof State state && state.counted.compareAndSet(true, false)) {
            host.requestFinished();
        }
    }

    private static String protocol(HttpRequest<?> request) {
        return switch (request.getHttpVersion()) {
            case HTTP_1_0 -> "1.0";
            case HTTP_2_0 -> "2";
            default -> "1.1";
        };
    }

    /** A random version-4 UUID from ThreadLocalRandom: request ids need uniqueness, not secrecy, and SecureRandom contends. */
    static String newId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }
}
