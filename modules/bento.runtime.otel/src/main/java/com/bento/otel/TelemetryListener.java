package com.bento.otel;

import com.bento.spi.Phase;
import com.bento.spi.RuntimeDescriptor;
import com.bento.spi.RuntimeListener;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Turns a runtime's start and stop into OpenTelemetry spans and metrics.
 *
 * <p>One trace per start: {@code bento.startup} (service, environment, module count, JDK version)
 * with children {@code bento.gates}, {@code bento.register} (a {@code bento.module.register} span
 * per module), {@code bento.database} and {@code bento.startup.hooks} (a {@code bento.module.startup}
 * span per module). A stop is a trace of its own, {@code bento.shutdown} with a
 * {@code bento.module.shutdown} span per module in reverse order; a rollback after a failed start
 * is the same spans under the start's root. Modules loaded and unloaded while the application runs
 * add {@code bento.modules.load} and {@code bento.modules.unload} spans to the start's trace. Failures
 * set status ERROR and record the exception.
 * Spans carry the real start and end times the runtime reports.
 *
 * <p>Spans go through the SDK's batch processor: ending a span queues it and never waits for the
 * exporter, and the OTLP exporter retries while the collector is not yet reachable. A throwing or
 * hanging exporter cannot stall the application: the runtime ignores listener failures, and the
 * final flush at shutdown, metrics included, waits at most {@link Builder#flushTimeout} (1 s by default,
 * {@code bento.otel.flush-timeout}) whether the collector refuses, or accepts and never answers.
 *
 * <p>Created by {@link java.util.ServiceLoader} (no-argument constructor), the listener uses
 * {@link GlobalOpenTelemetry} when the application has set it, and otherwise builds an SDK with
 * autoconfigure from the {@code OTEL_*} environment variables and system properties, which it shuts
 * down after the runtime stops. Defaults: {@code service.name} is the runtime's service name,
 * {@code deployment.environment.name} its environment; OTLP over HTTP/protobuf, or the logging
 * exporter in the {@code local} environment when no OTLP endpoint is configured.
 */
public final class TelemetryListener implements RuntimeListener {
    private static final Logger LOG = Logger.getLogger(TelemetryListener.class.getName());
    private static final String SCOPE = "com.bento.runtime";

    static final AttributeKey<String> MODULE = AttributeKey.stringKey("bento.module");
    static final AttributeKey<String> PHASE = AttributeKey.stringKey("bento.phase");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("bento.module.state");
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("deployment.environment.name");
    static final AttributeKey<Long> MODULE_COUNT = AttributeKey.longKey("bento.module.count");
    static final AttributeKey<String> JDK = AttributeKey.stringKey("process.runtime.version");
    static final AttributeKey<java.util.List<String>> CRITICAL_PATH = AttributeKey.stringArrayKey("bento.critical_path");

    private final Object lock = new Object();
    private final @Nullable OpenTelemetry given;
    private final Duration flushTimeout;
    private @Nullable OpenTelemetry otel;
    private @Nullable OpenTelemetrySdk owned;
    private @Nullable Tracer tracer;
    private @Nullable DoubleHistogram durations;
    private @Nullable ObservableLongGauge stateGauge;
    private final Map<String, String> moduleStates = new ConcurrentHashMap<>();
    private @Nullable Span root;
    private io.opentelemetry.api.trace.@Nullable SpanContext rootContext;
    private @Nullable Span phase;
    private @Nullable Instant phaseStart;
    private final Map<String, Span> modules = new LinkedHashMap<>();
    private final Map<String, Instant> moduleStart = new LinkedHashMap<>();
    private boolean disabled;
    private @Nullable RuntimeDescriptor descriptor;
    private final List<Runnable> pending = new ArrayList<>();
    private boolean live;
    private boolean rootEnded;
    private boolean finished;

    /** The longest a stop waits for telemetry by default: loopback or a nearby collector takes milliseconds. */
    static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(1);

    static {
        OtelSdk.keepContextStorageLoadable(); // before this listener, or anything it calls, first uses the context
    }

    /**
     * For {@link java.util.ServiceLoader}: the global OpenTelemetry, or an autoconfigured SDK; the final
     * flush waits at most {@code bento.otel.flush-timeout} ({@code BENTO_OTEL_FLUSH_TIMEOUT}, 1 s by default).
     */
    public TelemetryListener() {
        this(null, com.bento.Settings.duration("bento.otel.flush-timeout", com.bento.Settings.lookup(
                "bento.otel.flush-timeout", "BENTO_OTEL_FLUSH_TIMEOUT", DEFAULT_FLUSH_TIMEOUT.toMillis() + "ms")));
    }

    private TelemetryListener(@Nullable OpenTelemetry given, Duration flushTimeout) {
        this.given = given;
        this.flushTimeout = flushTimeout;
    }

    /** @return a builder for a listener with an OpenTelemetry instance of the caller's */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link TelemetryListener}. */
    public static final class Builder {
        private @Nullable OpenTelemetry openTelemetry;
        private Duration flushTimeout = DEFAULT_FLUSH_TIMEOUT;

        private Builder() {
        }

        /**
         * Uses this OpenTelemetry; the listener never shuts it down.
         *
         * @param openTelemetry the instance
         * @return this builder
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /**
         * The longest the final flush of an SDK the listener built may take at shutdown.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder flushTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("flushTimeout must be positive, was " + timeout);
            }
            this.flushTimeout = timeout;
            return this;
        }

        /** @return the listener */
        public TelemetryListener build() {
            return new TelemetryListener(openTelemetry, flushTimeout);
        }
    }

    @Override
    public void startupBegan(RuntimeDescriptor runtime, Instant at) {
        synchronized (lock) {
            if (given == null && !OtelSdk.enabledBySettings()) {
                disabled = true;
                return;
            }
            descriptor = runtime;
            runtime.modules().forEach(m -> moduleStates.put(m, "RESOLVED"));
            pending.add(() -> beginRoot(runtime, at));
            if (given != null) {
                ready(given);
            } else if (GlobalOpenTelemetry.isSet()) {
                ready(GlobalOpenTelemetry.get());
            } else {
                // Building the SDK loads exporters and an HTTP client: off the start-up path. Events are
                // kept with their real timestamps meanwhile and turned into spans once it is ready.
                Thread builder = new Thread(() -> {
                    OpenTelemetry built;
                    try {
                        OpenTelemetrySdk sdk = OtelSdk.autoconfigure(runtime);
                        synchronized (lock) {
                            owned = sdk;
                        }
                        built = sdk;
                    } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
                        // a LinkageError: an exporter's dependency missing from the path (a module not resolved, say);
                        // a ServiceConfigurationError: a plug-in on the path that cannot be loaded
                        LOG.log(Level.WARNING, "OpenTelemetry could not be configured; startup is not traced", e);
                        built = OpenTelemetry.noop();
                    }
                    synchronized (lock) {
                        ready(built);
                        lock.notifyAll();
                    }
                }, "bento-otel-init");
                builder.setDaemon(true);
                builder.start();
            }
        }
    }

    /** Called under the lock once an OpenTelemetry is available: creates the instruments, replays what was kept. */
    private void ready(OpenTelemetry o) {
        otel = o;
        tracer = o.getTracer(SCOPE);
        Meter meter = o.getMeter(SCOPE);
        HttpServerMetrics.activate(meter);
        durations = meter.histogramBuilder("bento.startup.duration").setUnit("s")
                .setDescription("Duration of Bento startup phases and module hooks").build();
        stateGauge = meter.gaugeBuilder("bento.module.state").ofLongs()
                .setDescription("1 for each module's current lifecycle state")
                .buildWithCallback(measurement -> moduleStates.forEach((module, state) ->
                        measurement.record(1, Attributes.of(MODULE, module, STATE, state))));
        List<Runnable> replay = new ArrayList<>(pending);
        pending.clear();
        live = true;
        replay.forEach(Runnable::run);
    }

    /** Runs an event now when the SDK is ready, or keeps it for the replay. */
    private void event(Runnable apply) {
        if (disabled || finished || descriptor == null) {
            return;
        }
        if (live) {
            apply.run();
        } else {
            pending.add(apply);
        }
    }

    private void beginRoot(RuntimeDescriptor runtime, Instant at) {
        Tracer t = java.util.Objects.requireNonNull(tracer);
        root = t.spanBuilder("bento.startup").setNoParent().setStartTimestamp(at)
                .setAllAttributes(Attributes.of(SERVICE, runtime.serviceName(), ENVIRONMENT, runtime.environment(),
                        MODULE_COUNT, (long) runtime.modules().size(), JDK, Runtime.version().toString()))
                .startSpan();
        rootContext = root.getSpanContext();
    }

    @Override
    public void phaseStarted(Phase p, Instant at) {
        synchronized (lock) {
            event(() -> startPhase(p, at));
        }
    }

    private void startPhase(Phase p, Instant at) {
        Tracer tracer = java.util.Objects.requireNonNull(this.tracer);
        phase = Spans.under(tracer.spanBuilder(Spans.name(p)).setStartTimestamp(at).setAttribute(PHASE, p.label()), root).startSpan();
        phaseStart = at;
    }

    @Override
    public void moduleStarted(Phase p, String module, Instant at) {
        synchronized (lock) {
            event(() -> startModule(p, module, at));
        }
    }

    private void startModule(Phase p, String module, Instant at) {
        Tracer tracer = java.util.Objects.requireNonNull(this.tracer);
        SpanBuilder b = tracer.spanBuilder("bento.module." + p.label()).setStartTimestamp(at)
                .setAttribute(MODULE, module).setAttribute(PHASE, p.label());
        modules.put(module, Spans.under(b, phase != null ? phase : root).startSpan());
        moduleStart.put(module, at);
    }

    @Override
    public void moduleFinished(Phase p, String module, Instant at, @Nullable Throwable failure) {
        synchronized (lock) {
            event(() -> finishModule(p, module, at, failure));
        }
    }

    private void finishModule(Phase p, String module, Instant at, @Nullable Throwable failure) {
        Span span = modules.remove(module);
        Instant begin = moduleStart.remove(module);
        if (span == null) {
            return;
        }
        Spans.end(span, at, failure);
        record(begin, at, Attributes.of(PHASE, p.label(), MODULE, module));
        moduleStates.put(module, failure != null && !(failure instanceof java.util.concurrent.TimeoutException)
                ? "FAILED" : switch (p) {
                    case REGISTER -> "REGISTERED";
                    case STARTUP -> "STARTED";
                    case SHUTDOWN -> "STOPPED";
                    default -> moduleStates.getOrDefault(module, "RESOLVED");
                });
    }

    @Override
    public void phaseFinished(Phase p, Instant at, @Nullable Throwable failure) {
        synchronized (lock) {
            event(() -> finishPhase(p, at, failure));
            if (p == Phase.SHUTDOWN && root == null && live) {
                flush();
            } else if (p == Phase.SHUTDOWN && !live && !rootOpenInPending()) {
                awaitReadyThenFlush();
            }
        }
    }

    private void finishPhase(Phase p, Instant at, @Nullable Throwable failure) {
        Span span = phase;
        if (span == null) {
            return;
        }
        Spans.end(span, at, failure);
        record(phaseStart, at, Attributes.of(PHASE, p.label()));
        phase = null;
    }

    @Override
    public void criticalPath(List<String> path) {
        synchronized (lock) {
            List<String> copy = List.copyOf(path);
            event(() -> {
                Span span = phase;
                if (span != null) {
                    span.setAttribute(CRITICAL_PATH, copy);
                }
            });
        }
    }

    @Override
    public void modulesLoaded(List<String> names, List<String> sources, Instant began, Instant ended,
                              @Nullable Throwable failure) {
        synchronized (lock) {
            event(() -> {
                Spans.operation(Objects.requireNonNull(tracer), rootContext, "bento.modules.load", names, sources, began,
                        ended, failure);
                if (failure == null) {
                    names.forEach(m -> moduleStates.put(m, "STARTED"));
                }
            });
        }
    }

    @Override
    public void modulesUnloaded(List<String> names, Instant began, Instant ended, @Nullable Throwable failure) {
        synchronized (lock) {
            event(() -> {
                Spans.operation(Objects.requireNonNull(tracer), rootContext, "bento.modules.unload", names, List.of(),
                        began, ended, failure);
                names.forEach(moduleStates::remove);
            });
        }
    }

    @Override
    public void startupEnded(Instant at, @Nullable Throwable failure) {
        synchronized (lock) {
            event(() -> endRoot(at, failure));
            rootEnded = true;
            if (failure != null) {
                awaitReadyThenFlush(); // a failed start has no separate stop: export now and release the SDK
            }
        }
    }

    private void endRoot(Instant at, @Nullable Throwable failure) {
        Span span = root;
        if (span != null) {
            Spans.end(span, at, failure);
            root = null;
        }
    }

    /** Whether the root span has not ended yet in the replayed sequence (a rollback under a failing start). */
    private boolean rootOpenInPending() {
        return !rootEnded;
    }

    /** Waits (within the flush timeout) for the SDK, so that the kept events are exported, then flushes. */
    private void awaitReadyThenFlush() {
        long deadline = System.nanoTime() + flushTimeout.toNanos();
        while (!live && !disabled && System.nanoTime() < deadline) {
            try {
                lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!live) {
            LOG.log(Level.WARNING, "OpenTelemetry was not ready within " + flushTimeout + "; the start's spans are dropped");
            pending.clear();
            disabled = true;
            return;
        }
        flush();
    }

    private void record(@Nullable Instant begin, Instant end, Attributes attributes) {
        DoubleHistogram h = durations;
        if (h != null && begin != null) {
            h.record(Duration.between(begin, end).toNanos() / 1e9, attributes);
        }
    }

    /** Exports what is queued and, when the listener built the SDK, shuts it down: at most the flush timeout. */
    private void flush() {
        finished = true;
        OpenTelemetrySdk sdk = owned;
        owned = null;
        ObservableLongGauge gauge = stateGauge;
        stateGauge = null;
        tracer = null;
        if (gauge != null) {
            gauge.close();
        }
        HttpServerMetrics.activate(null);
        if (sdk == null) {
            return;
        }
        if (!OtelSdk.shutDownWithin(sdk, flushTimeout)) {
            LOG.log(Level.WARNING, "OpenTelemetry did not finish exporting within " + flushTimeout + " (is the collector"
                    + " at OTEL_EXPORTER_OTLP_ENDPOINT reachable?); what was not exported is dropped. The bound is"
                    + " bento.otel.flush-timeout");
        }
    }

    /** @return whether tracing is off because the settings turned it off */
    boolean disabled() {
        return disabled;
    }

    @Override
    public String toString() {
        return "TelemetryListener[" + (disabled ? "disabled" : otel == null ? "idle" : "active") + "]";
    }
}
