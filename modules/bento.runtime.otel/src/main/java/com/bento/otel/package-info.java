/**
 * Startup traces and metrics for Bento applications.
 *
 * <pre>{@code
 * // on the module path, nothing to write: OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 is enough.
 * // with an SDK of your own (tests, or an application that built one):
 * BentoRuntime.builder()
 *         .withListenerDiscovery(false)
 *         .withListener(TelemetryListener.builder().openTelemetry(sdk).build())
 *         ...
 * }</pre>
 */
@NullMarked
package com.bento.otel;

import org.jspecify.annotations.NullMarked;
