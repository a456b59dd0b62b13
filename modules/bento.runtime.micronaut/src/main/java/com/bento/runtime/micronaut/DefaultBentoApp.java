package com.bento.runtime.micronaut;

import com.bento.runtime.BentoRuntime;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running application; see {@link BentoApp#close()} for the stop order. */
final class DefaultBentoApp implements BentoApp {
    private static final Logger LOG = LoggerFactory.getLogger(BentoApp.class);

    private final BentoRuntime runtime;
    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final BentoHost host;
    private final Duration drainTimeout;
    private final Object lock = new Object();
    private boolean closed;
    private @Nullable Thread hook;

    DefaultBentoApp(BentoRuntime runtime, ApplicationContext context, EmbeddedServer server, BentoHost host,
                    Duration drainTimeout) {
        this.runtime = runtime;
        this.context = context;
        this.server = server;
        this.host = host;
        this.drainTimeout = drainTimeout;
    }

    /**
     * On SIGTERM or SIGINT: a graceful close, then exit 0 (1 when the close failed). A plain JVM
     * shutdown hook covers every other way the JVM ends (System.exit elsewhere).
     */
    void installShutdownHook() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signals.handle(name, () -> {
                int status = 0;
                try {
                    LOG.info("SIG{}: stopping '{}' gracefully", name, runtime.serviceName());
                    close();
                } catch (RuntimeException e) {
                    LOG.error("Stopping '{}' failed", runtime.serviceName(), e);
                    status = 1;
                }
                System.exit(status);
            });
        }
        Thread t = new Thread(() -> {
            LOG.info("Shutdown signal: stopping '{}' gracefully", runtime.serviceName());
            try {
                close();
            } catch (RuntimeException e) {
                LOG.error("Stopping '{}' failed", runtime.serviceName(), e);
            }
        }, "bento-micronaut-shutdown");
        Runtime.getRuntime().addShutdownHook(t);
        hook = t;
    }

    @Override
    public int port() {
        return server.getPort();
    }

    @Override
    public URI url() {
        String host = boundHost();
        return URI.create("http://" + (host.isEmpty() ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host)
                + ":" + server.getPort());
    }

    /** The configured host the server binds, empty when it binds every interface. */
    private String boundHost() {
        String host = context.getProperty("micronaut.server.host", String.class).orElse("").trim();
        return host.equals("0.0.0.0") || host.equals("::") ? "" : host;
    }

    /** Where the server listens, for the log: the bound host, or every interface. */
    String listening() {
        return boundHost().isEmpty() ? "port " + server.getPort() + " on every interface (" + url()
                + "; micronaut.server.host binds one)" : url().toString();
    }

    @Override
    public BentoRuntime runtime() {
        return runtime;
    }

    @Override
    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            Thread h = hook;
            if (h != null && Thread.currentThread() != h) {
                try {
                    Runtime.getRuntime().removeShutdownHook(h);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down
                }
            }
            long begin = System.nanoTime();
            List<RuntimeException> failures = new ArrayList<>();
            int left = host.drain(drainTimeout);
            if (left > 0) {
                LOG.warn("{} request(s) or response write(s) still unfinished after {}; stopping anyway", left, drainTimeout);
            }
            try {
                runtime.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
            try {
                if (server.isRunning()) {
                    server.stop();
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
            try {
                if (context.isRunning()) {
                    context.close();
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
            long millis = (System.nanoTime() - begin) / 1_000_000;
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                LOG.warn("Bento application '{}' stopped in {} ms with {} failure(s)", runtime.serviceName(), millis,
                        failures.size());
                throw first;
            }
            LOG.info("Bento application '{}' stopped in {} ms", runtime.serviceName(), millis);
        }
    }
}
