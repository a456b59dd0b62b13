package com.bento.otel;

import com.bento.spi.RuntimeDescriptor;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK as Bento makes and stops it: whether settings turn tracing off, Bento's
 * defaults under the standard {@code OTEL_*} configuration, and a shutdown bounded in time.
 */
final class OtelSdk {
    private static final Logger LOG = Logger.getLogger(TelemetryListener.class.getName());

    private OtelSdk() {
    }

    /** The context module's setting naming its storage provider; {@code default} loads none. */
    static final String CONTEXT_STORAGE = "io.opentelemetry.context.contextStorageProvider";

    /**
     * Makes OpenTelemetry's context use its default storage, without looking for a storage provider,
     * when that lookup would fail: it is made through {@code io.opentelemetry.common}, which cannot
     * declare {@code uses} for the context module's provider type once it is an explicit module (to
     * be linked into an image), and the failure would break every later use of the context. Does
     * nothing when the application chose a storage, or when the lookup can work (automatic modules,
     * the class path).
     *
     * @return whether the default storage was selected
     */
    static boolean keepContextStorageLoadable() {
        Module common = io.opentelemetry.common.ComponentLoader.class.getModule();
        if (System.getProperty(CONTEXT_STORAGE) != null || common.canUse(io.opentelemetry.context.ContextStorageProvider.class)) {
            return false;
        }
        System.setProperty(CONTEXT_STORAGE, "default");
        LOG.log(Level.FINE, () -> CONTEXT_STORAGE + "=default: module " + common.getName()
                + " cannot load a context storage provider, so OpenTelemetry uses its default storage");
        return true;
    }

    /** @return whether the settings leave tracing on ({@code bento.otel.enabled}, {@code otel.sdk.disabled}) */
    static boolean enabledBySettings() {
        String prop = System.getProperty("bento.otel.enabled");
        String env = System.getenv("BENTO_OTEL_ENABLED");
        String sdkDisabled = System.getProperty("otel.sdk.disabled", System.getenv("OTEL_SDK_DISABLED"));
        return !"false".equalsIgnoreCase(prop) && !"false".equalsIgnoreCase(env) && !"true".equalsIgnoreCase(sdkDisabled);
    }

    /** An SDK from the standard OTEL_* settings over {@link #defaults}; its HTTP sender is made on the first export. */
    static OpenTelemetrySdk autoconfigure(RuntimeDescriptor runtime) {
        com.bento.otel.sender.DeferredHttpSenderProvider.preferThisOne(); // no HTTP client until the first export
        return AutoConfiguredOpenTelemetrySdk.builder()
                // the SDK's plug-ins loaded from this module, which may use any type also when the SDK is linked
                .setComponentLoader(new ModuleComponentLoader(AutoConfiguredOpenTelemetrySdk.class.getClassLoader()))
                .addPropertiesSupplier(() -> defaults(runtime))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /** Defaults that any OTEL_* variable or otel.* property overrides. */
    static Map<String, String> defaults(RuntimeDescriptor runtime) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("otel.service.name", runtime.serviceName());
        d.put("otel.resource.attributes", "deployment.environment.name=" + runtime.environment());
        d.put("otel.exporter.otlp.protocol", "http/protobuf");
        boolean endpoint = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null
                || System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null
                || System.getProperty("otel.exporter.otlp.endpoint") != null
                || System.getProperty("otel.exporter.otlp.traces.endpoint") != null;
        boolean local = runtime.environment().equals("local") && !endpoint;
        d.put("otel.traces.exporter", local ? "logging" : "otlp");
        d.put("otel.metrics.exporter", local ? "none" : "otlp");
        d.put("otel.logs.exporter", "none");
        return d;
    }

    /**
     * Shuts the SDK down on a daemon thread of its own and waits at most {@code timeout}. The SDK's
     * own shutdown blocks its caller: the periodic metric reader waits up to 5 s for a running export
     * and then up to 5 s more for a final one, before any timeout given to the returned result applies.
     *
     * @return whether everything was exported and shut down in time
     */
    static boolean shutDownWithin(OpenTelemetrySdk sdk, Duration timeout) {
        CompletableResultCode done = new CompletableResultCode();
        Thread stopper = new Thread(() -> {
            try {
                CompletableResultCode result = sdk.shutdown();
                result.whenComplete(() -> {
                    if (result.isSuccess()) {
                        done.succeed();
                    } else {
                        done.fail();
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "OpenTelemetry failed to shut down", e);
                done.fail();
            }
        }, "bento-otel-shutdown");
        stopper.setDaemon(true);
        stopper.start();
        done.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return done.isDone() && done.isSuccess();
    }
}
