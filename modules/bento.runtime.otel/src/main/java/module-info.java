/**
 * Bento's OpenTelemetry support: each start becomes one trace ({@code bento.startup} with a span
 * per phase and per module hook), each stop another ({@code bento.shutdown}), and the phase and
 * module durations a histogram ({@code bento.startup.duration}).
 *
 * <p>Found by the runtime through {@link java.util.ServiceLoader}: putting this module on the path
 * turns tracing on, {@code OTEL_SDK_DISABLED=true} (or {@code -Dbento.otel.enabled=false}) turns it
 * off. Configured with the standard {@code OTEL_*} variables through the SDK's autoconfigure.
 *
 * <p>The OpenTelemetry jars are automatic modules. This module declares {@code uses} for the SDK's
 * sender and autoconfigure SPIs so that their providers (the JDK HTTP sender, the OTLP and logging
 * exporters) are bound when the application runs on the module path, and the SDK's autoconfigure
 * loads its plug-ins through this module (which adds any other type it loads to its {@code uses}),
 * so that it also starts when the OpenTelemetry jars are given module descriptors and linked.
 *
 * @provides com.bento.spi.RuntimeListener the tracing listener
 * @provides com.bento.spi.RequestListener HTTP server request metrics, when a Bento web host runs
 */
module bento.runtime.otel {
    requires transitive bento.runtime.api;
    requires static transitive org.jspecify;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.common;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.sdk.metrics;
    requires io.opentelemetry.sdk.autoconfigure;
    requires io.opentelemetry.sdk.autoconfigure.spi;
    requires java.logging;
    // the JDK HTTP sender (an automatic module, which declares no requires) sends OTLP with java.net.http;
    // without this line a module-path launch does not resolve it and no span ever leaves the process
    requires java.net.http;

    exports com.bento.otel;

    uses io.opentelemetry.sdk.common.export.HttpSenderProvider;
    uses io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
    uses io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;

    provides com.bento.spi.RuntimeListener with com.bento.otel.TelemetryListener;
    provides com.bento.spi.RequestListener with com.bento.otel.HttpServerMetrics;
    // the OTLP exporters' sender, made on first use (see DeferredHttpSenderProvider)
    provides io.opentelemetry.sdk.common.export.HttpSenderProvider with com.bento.otel.sender.DeferredHttpSenderProvider;
}
