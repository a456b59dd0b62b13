package com.bento.runtime;

import com.bento.Container;
import com.bento.GateResult;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.Ports;
import com.bento.spi.DatabasePhase;
import com.bento.spi.Phase;
import com.bento.spi.RuntimeDescriptor;
import com.bento.spi.RuntimeListener;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The runtime behind {@link BentoRuntime}. Lifecycle transitions happen under one lock, so a
 * start, a close and a JVM shutdown hook never interleave, and each hook runs at most once.
 */
final class DefaultRuntime implements BentoRuntime {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());

    private enum State { BUILDING, BUILT, STARTED, FAILED, CLOSED }

    private final Object lifecycleLock = new Object();
    /** The module whose hook runs on this (hook) thread, for ports' messages. */
    private final ThreadLocal<@Nullable String> currentModule = new ThreadLocal<>();
    private final RuntimeSettings settings;
    private final String serviceName;
    private final String environment;
    private final boolean testMode;
    private final DefaultContainer container = new DefaultContainer(currentModule::get);
    private final Listeners listeners;
    private final HookRunner hooks;
    private final DefaultPerformanceMonitor monitor;
    private final List<ModuleRecord> records;
    private final List<Module> modules;
    private final List<ModuleDescriptor> descriptors;
    private final List<ModuleDescriptor> notLoaded;
    private final List<ModuleRecord> started = new ArrayList<>();
    /** The modules in the order their last onShutdown ended. */
    private final List<String> stopOrder = new ArrayList<>();
    private final GatesPhase gates;
    private final ModuleHooks moduleHooks;
    private final DatabaseStep databaseStep;
    private final LayerModules dynamic;
    private volatile State state = State.BUILDING;
    private @Nullable AutoCloseable database;
    /** The database phase that opened {@link #database}: it migrates the modules loaded later. */
    private @Nullable DatabasePhase databasePhase;
    private final JvmShutdownHook jvmHook = new JvmShutdownHook();
    private volatile boolean startupEnded;
    /** {@link System#nanoTime()} when the build began: the zero of every offset in the timeline. */
    private final long buildBegin;
    private final StartupReport report;

    private DefaultRuntime(RuntimeSettings settings, Discovery.Modules found, List<RuntimeListener> listeners,
                           long buildBegin) {
        this.settings = settings;
        this.buildBegin = buildBegin;
        this.report = new StartupReport(buildBegin);
        this.serviceName = settings.serviceName();
        this.environment = settings.environment();
        this.testMode = settings.testMode();
        this.listeners = new Listeners(listeners);
        this.hooks = new HookRunner("bento-hook-" + serviceName);
        this.descriptors = found.ordered();
        this.notLoaded = found.notLoaded();
        this.modules = descriptors.stream().map(ModuleDescriptor::module).toList();
        this.records = descriptors.stream().map(ModuleRecord::new).toList();
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            position.put(records.get(i).name, i);
        }
        for (ModuleRecord r : records) {
            r.requiresAt = r.requires.stream().mapToInt(position::get).toArray();
        }
        this.monitor = new DefaultPerformanceMonitor(this::info);
        this.gates = new GatesPhase(settings, records, container, this.listeners);
        this.databaseStep = new DatabaseStep(settings, records, container, this.listeners, hooks);
        this.moduleHooks = new ModuleHooks(settings, records, container, currentModule, this.listeners, hooks, buildBegin);
        this.dynamic = new LayerModules(lifecycleLock, () -> state == State.STARTED, settings, names(records), container,
                currentModule, hooks, gates, this.listeners, databaseStep.migrator(() -> database != null ? databasePhase : null));
    }

    /** Resolves the modules, then runs gates, register and database; see {@link RuntimeBuilder#build()}. */
    static DefaultRuntime build(RuntimeSettings settings) {
        long begin = System.nanoTime();
        Instant beganAt = Instant.now();
        Discovery.Modules found = Discovery.modules(settings);
        List<RuntimeListener> listeners = new ArrayList<>(settings.listeners());
        if (settings.listenerDiscovery()) {
            listeners.addAll(Discovery.providers(settings, RuntimeListener.class));
        }
        DefaultRuntime runtime = new DefaultRuntime(settings, found, listeners, begin);
        runtime.report.resolved();
        runtime.runBuild(begin, beganAt);
        return runtime;
    }

    private void runBuild(long begin, Instant beganAt) {
        RuntimeDescriptor descriptor = new RuntimeDescriptor(serviceName, environment, names(records));
        listeners.startupBegan(descriptor, beganAt);
        try {
            settings.services().forEach(container::set);
            container.set(BentoRuntime.KEY, this);
            container.set(RuntimeDescriptor.KEY, descriptor);
            container.set(PerformanceMonitor.KEY, monitor);
            container.set(Ports.KEY, new DefaultPorts(currentModule::get, name -> records.stream()
                    .filter(r -> r.name.equals(name)).findFirst().map(r -> r.requires)
                    .or(() -> dynamic.requiresOf(name)).orElse(List.of())));
            runGates();
            databasePhase = databaseStep.find();
            if (databasePhase != null) {
                databasePhase.prepare(databaseStep.context());
            }
            runRegister();
            runDatabase(databasePhase);
            report.built();
            state = State.BUILT;
            LOG.log(Level.DEBUG, () -> startupMetrics().summary());
        } catch (Throwable failure) {
            report.built();
            state = State.FAILED;
            Failures.rethrowIfUnrecoverable(failure);
            cleanUp(failure);
            endStartup(failure);
            hooks.close();
            throw Failures.sneaky(failure);
        }
    }

    private void runGates() {
        long begin = System.nanoTime();
        try {
            gates.run();
        } finally {
            if (!settings.skipGates()) {
                report.phase("gates", begin);
            }
        }
    }

    private void runRegister() {
        long begin = System.nanoTime();
        listeners.phaseStarted(Phase.REGISTER);
        Throwable failure = null;
        try {
            moduleHooks.registerAll();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            report.phase("register", begin);
            listeners.phaseFinished(Phase.REGISTER, failure);
        }
    }

    private void runDatabase(@Nullable DatabasePhase phase) {
        if (phase == null) {
            return;
        }
        long begin = System.nanoTime();
        listeners.phaseStarted(Phase.DATABASE);
        Throwable failure = null;
        try {
            database = databaseStep.open(phase);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            report.phase("database", begin);
            listeners.phaseFinished(Phase.DATABASE, failure);
        }
    }

    @Override
    public BentoRuntime start() {
        synchronized (lifecycleLock) {
            if (state != State.BUILT) {
                throw new IllegalStateException("Runtime '" + serviceName + "' cannot start: it is "
                        + state.name().toLowerCase(java.util.Locale.ROOT) + "; a runtime starts once, after a successful build");
            }
            long begin = System.nanoTime();
            listeners.phaseStarted(Phase.STARTUP);
            List<Throwable> failures = new ArrayList<>();
            List<ModuleRecord> failed = new ArrayList<>();
            moduleHooks.runGraph(Phase.STARTUP, records, true, (r, result) -> {
                r.startupNanos = result.nanos();
                if (result.ok() || result.timedOut()) {
                    r.state = ModuleState.STARTED;
                    started.add(r);
                } else {
                    r.state = ModuleState.FAILED;
                    failures.add(result.failure());
                    failed.add(r);
                }
            });
            if (!failures.isEmpty()) {
                state = State.FAILED;
                Throwable cause = failures.get(0);
                failures.forEach(Failures::rethrowIfUnrecoverable);
                boolean anyStarted = !started.isEmpty();
                report.phase("startup", begin);
                // the message is built after the rollback, so that it tells the order the modules really stopped in
                listeners.phaseFinished(Phase.STARTUP, cause);
                List<Throwable> cleanup = anyStarted ? stop() : closeResources();
                Throwable failure = ModuleHooks.hookFailure(Phase.STARTUP, failed.get(0), cause, !anyStarted
                        ? "No module had started."
                        : "Modules already started were stopped in reverse order: " + String.join(", ", stopOrder) + ".");
                for (int i = 1; i < failed.size(); i++) {
                    failure.addSuppressed(ModuleHooks.hookFailure(Phase.STARTUP, failed.get(i), failures.get(i), "It failed at the same time."));
                }
                cleanup.forEach(failure::addSuppressed);
                endStartup(failure);
                hooks.close();
                throw Failures.sneaky(failure);
            }
            report.phase("startup", begin);
            listeners.criticalPath(StartupReport.criticalPath(records));
            listeners.phaseFinished(Phase.STARTUP, null);
            endStartup(null);
            state = State.STARTED;
            if (settings.shutdownHook()) {
                jvmHook.install(serviceName, testMode, this::closeFromShutdownHook);
            }
            LOG.log(Level.INFO, () -> "Started '" + serviceName + "' (" + environment + ") with modules "
                    + String.join(", ", names(records)) + " — " + startupMetrics().summary());
            return this;
        }
    }

    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (state == State.CLOSED || state == State.FAILED || state == State.BUILDING) {
                return;
            }
            jvmHook.remove();
            endStartup(null);
            state = State.CLOSED;
            long begin = System.nanoTime();
            // modules loaded at run time depend on those started with the runtime: they go first
            List<Throwable> failures = new ArrayList<>(dynamic.unloadAll());
            failures.addAll(stop());
            hooks.close();
            long millis = (System.nanoTime() - begin) / 1_000_000;
            if (failures.isEmpty()) {
                LOG.log(Level.INFO, () -> "Stopped '" + serviceName + "' in " + millis + " ms");
            } else {
                LOG.log(Level.WARNING, () -> "Stopped '" + serviceName + "' in " + millis + " ms with " + failures.size()
                        + " failure(s)");
            }
            Failures.throwFirst(failures);
        }
    }

    private void closeFromShutdownHook() {
        LOG.log(Level.INFO, "JVM shutdown: closing '" + serviceName + "'");
        try {
            close();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Closing '" + serviceName + "' at JVM shutdown failed", e);
        }
    }

    /**
     * Stops the started modules in reverse, then closes the container and the database, attempting
     * every step. Returns the failures in the order they happened.
     */
    private List<Throwable> stop() {
        List<Throwable> failures = new ArrayList<>();
        listeners.phaseStarted(Phase.SHUTDOWN);
        List<ModuleRecord> toStop = records.stream().filter(started::contains).toList();
        stopOrder.clear();
        moduleHooks.runGraph(Phase.SHUTDOWN, toStop, false, (r, result) -> {
            stopOrder.add(r.name);
            r.state = result.ok() || result.timedOut() ? ModuleState.STOPPED : ModuleState.FAILED;
            if (!result.ok() && !result.timedOut()) {
                failures.add(ModuleHooks.hookFailure(Phase.SHUTDOWN, r, result.failure(), "The other modules were stopped all the same."));
            }
        });
        failures.forEach(Failures::rethrowIfUnrecoverable);
        started.clear();
        failures.addAll(closeResources());
        listeners.phaseFinished(Phase.SHUTDOWN, failures.isEmpty() ? null : failures.get(0));
        return failures;
    }

    private List<Throwable> closeResources() {
        List<Throwable> failures = new ArrayList<>(container.closeHeld());
        AutoCloseable db = database;
        database = null;
        if (db != null) {
            try {
                db.close();
            } catch (Throwable t) {
                Failures.rethrowIfUnrecoverable(t);
                failures.add(new LifecycleException("shutdown", null, "The database failed to close: " + t, t));
            }
        }
        return failures;
    }

    /** After a failed build or start: stops what started, closes what was set up, attaches those failures. */
    private void cleanUp(Throwable failure) {
        List<Throwable> failures = started.isEmpty() ? closeResources() : stop();
        failures.forEach(failure::addSuppressed);
    }

    private void endStartup(@Nullable Throwable failure) {
        if (!startupEnded) {
            startupEnded = true;
            listeners.startupEnded(failure);
        }
    }

    /** The JVM shutdown hook currently installed, if any; for tests. */
    java.util.Optional<Thread> shutdownHookThread() {
        return jvmHook.thread();
    }

    private static List<String> names(List<ModuleRecord> list) {
        return list.stream().map(r -> r.name).toList();
    }

    private RuntimeInfo info() {
        State s = state;
        return new RuntimeInfo(serviceName, environment, names(records), s == State.BUILT || s == State.STARTED,
                s == State.STARTED, database != null, container.has(com.bento.ReasonCatalog.CONTRACTS));
    }

    @Override
    public DynamicModules dynamicModules() {
        return dynamic;
    }

    @Override
    public Container container() {
        return container;
    }

    @Override
    public List<Module> modules() {
        return modules;
    }

    @Override
    public List<Module> replacedModules() {
        return notLoaded.stream().filter(d -> d.kind() != ModuleDescriptor.Kind.PRESENT).map(ModuleDescriptor::module).toList();
    }

    @Override
    public List<ModuleDescriptor> moduleDescriptors() {
        return descriptors;
    }

    @Override
    public List<ModuleDescriptor> modulesNotLoaded() {
        return notLoaded;
    }

    @Override
    public List<ModuleStatus> moduleStatuses() {
        return StartupReport.statuses(records);
    }

    @Override
    public ModuleGraph graph() {
        List<ModuleRecord> all = new ArrayList<>(records);
        all.addAll(dynamic.records()); // loaded while running, after the modules it started with
        return StartupReport.graph(serviceName, all, container);
    }

    @Override
    public List<GateResult> gateResults() {
        return gates.results();
    }

    @Override
    public StartupMetrics startupMetrics() {
        return report.metrics(records);
    }

    @Override
    public void logStartupMetrics() {
        LOG.log(Level.INFO, startupMetrics().summary());
    }

    @Override
    public PerformanceMonitor performanceMonitor() {
        return monitor;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public String environment() {
        return environment;
    }

    @Override
    public boolean testMode() {
        return testMode;
    }

    @Override
    public boolean isStarted() {
        return state == State.STARTED;
    }

    @Override
    public String toString() {
        return "BentoRuntime[" + serviceName + ", " + environment + ", " + state + ", modules=" + names(records) + "]";
    }

}
