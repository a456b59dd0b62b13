package com.bento.otel;

import com.bento.spi.RequestListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Records each request a Bento web host served as {@code http.server.request.duration}, following
 * the HTTP semantic conventions: seconds, attributes {@code http.request.method},
 * {@code http.route}, {@code http.response.status_code}, {@code url.scheme} and
 * {@code network.protocol.version}, and the conventions' bucket boundaries. It records into the
 * meter of the runtime the {@link TelemetryListener} is tracing; with none active, it records nothing.
 */
public final class HttpServerMetrics implements RequestListener {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("network.protocol.version");
    static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private static volatile @Nullable DoubleHistogram active;

    /** For {@link java.util.ServiceLoader}. */
    public HttpServerMetrics() {
    }

    /** Called by the tracing listener when it starts (with its meter) and stops (with null). */
    static void activate(@Nullable Meter meter) {
        active = meter == null ? null : meter.histogramBuilder("http.server.request.duration").setUnit("s")
                .setDescription("Duration of HTTP server requests.")
                .setExplicitBucketBoundariesAdvice(BUCKETS).build();
    }

    @Override
    public void requestCompleted(Request request) {
        DoubleHistogram h = active;
        if (h == null) {
            return;
        }
        AttributesBuilder a = Attributes.builder()
                .put(METHOD, request.method())
                .put(STATUS, (long) request.status())
                .put(SCHEME, request.scheme())
                .put(PROTOCOL, request.protocolVersion());
        if (!request.route().isEmpty()) {
            a.put(ROUTE, request.route());
        }
        h.record(request.durationNanos() / 1e9, a.build());
    }
}
