package com.bento.otel.sender;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP exporters' HTTP sender, created when the first batch is sent rather than when the SDK is
 * built. Creating the JDK's {@code HttpClient} initialises the default {@code SSLContext} (the trust
 * store and some 400 classes), about 0.6 s of CPU in a cold JVM, whatever the endpoint's scheme; built
 * with the SDK it competed with the application's own start for the machine's cores. Deferred, it
 * runs on the exporter's thread when the first spans or metrics leave, after the start.
 *
 * <p>The real sender is the other {@link HttpSenderProvider} on the path (the JDK sender Bento
 * ships); {@link #preferThisOne()}, called by Bento's telemetry listener before it builds the SDK,
 * selects this one through the SDK's preference setting {@value #PREFERENCE} unless the application
 * already chose a provider there. The package is not exported: it is the module's own wiring. A sender that was
 * never used shuts down at once: a stop does not pay for a client it never needed.
 */
public final class DeferredHttpSenderProvider implements HttpSenderProvider {

    /** The SDK's setting (system property or the matching environment variable) naming the sender provider. */
    static final String PREFERENCE = "io.opentelemetry.sdk.common.export.HttpSenderProvider";

    /** For {@link ServiceLoader}. */
    public DeferredHttpSenderProvider() {
    }

    /**
     * Selects this provider for the OTLP exporters unless the application named a sender provider
     * itself (the SDK reads the choice from a system property or the matching environment variable,
     * and warns when two providers are present and none is named).
     */
    public static void preferThisOne() {
        if (System.getProperty(PREFERENCE) == null
                && System.getenv(PREFERENCE.toUpperCase(java.util.Locale.ROOT).replace('.', '_')) == null) {
            System.setProperty(PREFERENCE, DeferredHttpSenderProvider.class.getName());
        }
    }

    @Override
    public HttpSender createSender(HttpSenderConfig config) {
        return new DeferredSender(config, DeferredHttpSenderProvider::delegateProvider);
    }

    /** The first provider on the path that is not this one, with an error naming what to add when there is none. */
    static HttpSenderProvider delegateProvider() {
        List<String> seen = new ArrayList<>();
        for (HttpSenderProvider p : ServiceLoader.load(HttpSenderProvider.class, DeferredHttpSenderProvider.class.getClassLoader())) {
            if (!(p instanceof DeferredHttpSenderProvider)) {
                return p;
            }
            seen.add(p.getClass().getName());
        }
        throw new IllegalStateException("No HTTP sender for OTLP besides Bento's deferred one (found " + seen
                + "). Put io.opentelemetry:opentelemetry-exporter-sender-jdk (or -okhttp) on the module path or class path.");
    }

    /** Makes the real sender from the same configuration on the first {@link #send}, once, under contention too. */
    static final class DeferredSender implements HttpSender {
        private final HttpSenderConfig config;
        private final java.util.function.Supplier<HttpSenderProvider> provider;
        private final Object lock = new Object();
        private volatile @Nullable HttpSender delegate;
        private boolean shutDown;

        DeferredSender(HttpSenderConfig config, java.util.function.Supplier<HttpSenderProvider> provider) {
            this.config = config;
            this.provider = provider;
        }

        @Override
        public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
            HttpSender sender;
            try {
                sender = delegate();
            } catch (RuntimeException | LinkageError e) {
                onError.accept(e);
                return;
            }
            sender.send(writer, onResponse, onError);
        }

        private HttpSender delegate() {
            HttpSender d = delegate;
            if (d != null) {
                return d;
            }
            synchronized (lock) {
                if (shutDown) {
                    throw new IllegalStateException("The OTLP sender for " + config.getEndpoint() + " is shut down");
                }
                d = delegate;
                if (d == null) {
                    d = provider.get().createSender(config);
                    delegate = d;
                }
                return d;
            }
        }

        /** Whether the real sender exists yet: for tests. */
        boolean created() {
            return delegate != null;
        }

        @Override
        public CompletableResultCode shutdown() {
            HttpSender d;
            synchronized (lock) {
                shutDown = true;
                d = delegate;
            }
            return d == null ? CompletableResultCode.ofSuccess() : d.shutdown();
        }
    }
}
