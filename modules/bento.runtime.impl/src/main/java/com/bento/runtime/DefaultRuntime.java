package com.bento.runtime;

import com.bento.Container;
import com.bento.GateContext;
import com.bento.GateFailedException;
import com.bento.GateResult;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.Ports;
import com.bento.StartupGate;
import com.bento.spi.ContractsLoader;
import com.bento.spi.DatabasePhase;
import com.bento.spi.Phase;
import com.bento.spi.RuntimeDescriptor;
import com.bento.spi.RuntimeListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The runtime behind {@link BentoRuntime}. Lifecycle transitions happen under one lock, so a
 * start, a close and a JVM shutdown hook never interleave, and each hook runs at most once.
 */
final class DefaultRuntime implements BentoRuntime {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());

    private enum State { BUILDING, BUILT, STARTED, FAILED, CLOSED }

    /** One module and what happened to it. */
    private static final class Record {
        final ModuleDescriptor descriptor;
        final Module module;
        final String name;
        final List<String> requires;
        volatile ModuleState state = ModuleState.RESOLVED;
        volatile long registerNanos;
        volatile long startupNanos;
        /** When its hooks began, in nanoseconds since the build began; -1 until they ran. */
        volatile long registerOffset = -1;
        volatile long startupOffset = -1;
        /** The records this one requires, by position in the start order. */
        int[] requiresAt = new int[0];

        Record(ModuleDescriptor descriptor) {
            this.descriptor = descriptor;
            this.module = descriptor.module();
            this.name = descriptor.name();
            this.requires = descriptor.requires();
        }
    }

    private final Object lifecycleLock = new Object();
    /** The module whose hook runs on this (hook) thread, for ports' messages. */
    private final ThreadLocal<@Nullable String> currentModule = new ThreadLocal<>();
    private final RuntimeSettings settings;
    private final String serviceName;
    private final String environment;
    private final boolean testMode;
    private final Duration hookTimeout;
    private final int parallelism;
    private final DefaultContainer container = new DefaultContainer(currentModule::get);
    private final Listeners listeners;
    private final HookRunner hooks;
    private final DefaultPerformanceMonitor monitor;
    private final List<Record> records;
    private final List<Module> modules;
    private final List<ModuleDescriptor> descriptors;
    private final List<ModuleDescriptor> notLoaded;
    private final List<Record> started = new ArrayList<>();
    /** The modules in the order their last onShutdown ended. */
    private final List<String> stopOrder = new ArrayList<>();
    private final List<GateResult> gateResults = new ArrayList<>();
    private volatile State state = State.BUILDING;
    private @Nullable AutoCloseable database;
    private @Nullable Thread shutdownHook;
    private volatile boolean startupEnded;
    private long gatesNanos;
    private long registerNanos;
    private long databaseNanos;
    private long startupNanos;
    private long buildNanos;
    private long resolutionNanos;
    /** {@link System#nanoTime()} when the build began: the zero of every offset in the timeline. */
    private long buildBegin = System.nanoTime();
    private final Map<String, long[]> phaseSpans = new java.util.concurrent.ConcurrentHashMap<>();

    private DefaultRuntime(RuntimeSettings settings, Discovery.Modules found, List<RuntimeListener> listeners) {
        this.settings = settings;
        this.serviceName = settings.serviceName();
        this.environment = settings.environment();
        this.testMode = settings.testMode();
        this.hookTimeout = settings.hookTimeout();
        this.parallelism = settings.parallelism();
        this.listeners = new Listeners(listeners);
        this.hooks = new HookRunner("bento-hook-" + serviceName);
        this.descriptors = found.ordered();
        this.notLoaded = found.notLoaded();
        this.modules = descriptors.stream().map(ModuleDescriptor::module).toList();
        this.records = descriptors.stream().map(Record::new).toList();
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            position.put(records.get(i).name, i);
        }
        for (Record r : records) {
            r.requiresAt = r.requires.stream().mapToInt(position::get).toArray();
        }
        this.monitor = new DefaultPerformanceMonitor(this::info);
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
        DefaultRuntime runtime = new DefaultRuntime(settings, found, listeners);
        runtime.buildBegin = begin;
        runtime.resolutionNanos = System.nanoTime() - begin;
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
                    .filter(r -> r.name.equals(name)).findFirst().map(r -> r.requires).orElse(List.of())));
            runGates();
            DatabasePhase databasePhase;
            try {
                databasePhase = findDatabasePhase();
            } catch (LifecycleException e) {
                listeners.phaseStarted(Phase.DATABASE);
                listeners.phaseFinished(Phase.DATABASE, e);
                throw e;
            }
            if (databasePhase != null) {
                databasePhase.prepare(databaseContext());
            }
            runRegister();
            runDatabase(databasePhase);
            buildNanos = System.nanoTime() - begin;
            state = State.BUILT;
            LOG.log(Level.DEBUG, () -> startupMetrics().summary());
        } catch (Throwable failure) {
            buildNanos = System.nanoTime() - begin;
            state = State.FAILED;
            Failures.rethrowIfUnrecoverable(failure);
            cleanUp(failure);
            endStartup(failure);
            hooks.close();
            throw Failures.sneaky(failure);
        }
    }

    private void runGates() {
        if (settings.skipGates()) {
            LOG.log(Level.WARNING, "Startup gates skipped for service '" + serviceName + "' (environment '"
                    + environment + (testMode ? "', test mode" : "'") + "): " + settings.gates().size() + " gate(s) not run");
            return;
        }
        long begin = System.nanoTime();
        listeners.phaseStarted(Phase.GATES);
        Map<String, GateContext.ContractUse> uses = new LinkedHashMap<>();
        for (Record r : records) {
            r.descriptor.contracts().ifPresent(u -> uses.put(r.name, u));
        }
        GateContext context = new GateContext(serviceName, environment, names(records), testMode, uses);
        if (settings.contracts() != null) {
            loadContracts(context);
        } else if (!uses.isEmpty()) {
            gateResults.add(GateResult.failed("contracts", uses.entrySet().stream().map(e -> "Module '" + e.getKey()
                    + "' (" + e.getValue().declaredBy() + ") declares @UsesContracts, but no contracts folder is given."
                    + " Give it with withContracts(dir, true) (or BENTO_CONTRACTS for Bento's launchers)").toList()));
        }
        for (StartupGate gate : settings.gates()) {
            GateResult result;
            try {
                result = gate.check(context);
                if (result == null) {
                    result = GateResult.failed(gate.name(), List.of("Gate '" + gate.name()
                            + "' returned no result; a gate must return GateResult.passed(...) or its errors"));
                }
            } catch (Exception e) {
                result = GateResult.failed(gate.name(), List.of("Gate '" + gate.name() + "' failed to run: " + e));
            }
            gateResults.add(result);
            for (String warning : result.warnings()) {
                LOG.log(Level.WARNING, "Gate '" + result.gate() + "': " + warning);
            }
        }
        gatesNanos = System.nanoTime() - begin;
        phaseSpans.put("gates", new long[] {begin - buildBegin, gatesNanos});
        List<String> errors = gateResults.stream()
                .flatMap(r -> r.errors().stream().map(e -> "[" + r.gate() + "] " + e)).toList();
        if (!errors.isEmpty()) {
            GateFailedException failure = new GateFailedException(gateResults, "Startup gates failed for service '"
                    + serviceName + "' with " + errors.size() + " error(s); no module was registered:\n"
                    + String.join("\n", errors));
            listeners.phaseFinished(Phase.GATES, failure);
            throw failure;
        }
        listeners.phaseFinished(Phase.GATES, null);
    }

    private void loadContracts(GateContext context) {
        java.nio.file.Path dir = java.util.Objects.requireNonNull(settings.contracts());
        List<ContractsLoader> loaders = Discovery.providers(settings, ContractsLoader.class);
        if (loaders.size() != 1) {
            gateResults.add(GateResult.failed("contracts", List.of(loaders.isEmpty()
                    ? "withContracts(" + dir + ") needs Bento's contracts support, and no provider of"
                    + " com.bento.spi.ContractsLoader was found. Put bento-runtime-contracts on the module path"
                    + " (and 'requires bento.runtime.contracts;' in your module-info), or remove withContracts."
                    : "Several providers of com.bento.spi.ContractsLoader were found: " + loaders.stream()
                    .map(l -> com.bento.spi.Providers.origin(l.getClass())).collect(Collectors.joining(", "))
                    + ". Keep one bento-runtime-contracts jar on the path.")));
            return;
        }
        ContractsLoader.Loaded loaded = loaders.get(0).load(dir, settings.requireContracts(), context);
        gateResults.add(loaded.result());
        loaded.result().warnings().forEach(w -> LOG.log(Level.WARNING, "Contracts: " + w));
        Object contracts = loaded.contracts();
        if (contracts != null && loaded.result().ok()) {
            setTyped(loaded.type(), contracts);
        }
    }

    private <T> void setTyped(Class<T> type, Object instance) {
        container.set(com.bento.ReasonCatalog.CONTRACTS.name(), type, type.cast(instance)); // its own type, also a ReasonCatalog
    }

    private void runRegister() {
        long begin = System.nanoTime();
        listeners.phaseStarted(Phase.REGISTER);
        try {
            for (Record r : records) {
                HookRunner.Result result = runHook(Phase.REGISTER, r, () -> r.module.onRegister(container));
                r.registerNanos = result.nanos();
                if (result.ok()) {
                    r.state = ModuleState.REGISTERED;
                } else {
                    // a registration cut short leaves services missing that later modules would ask for
                    r.state = ModuleState.FAILED;
                    throw Failures.sneaky(hookFailure(Phase.REGISTER, r, result.failure(), "What earlier modules registered is closed."));
                }
            }
        } catch (Throwable t) {
            registerNanos = System.nanoTime() - begin;
            phaseSpans.put("register", new long[] {begin - buildBegin, registerNanos});
            listeners.phaseFinished(Phase.REGISTER, t);
            throw t;
        }
        registerNanos = System.nanoTime() - begin;
        phaseSpans.put("register", new long[] {begin - buildBegin, registerNanos});
        listeners.phaseFinished(Phase.REGISTER, null);
    }

    private List<String> needingDatabase() {
        return records.stream().filter(r -> r.descriptor.requiresDatabase()).map(r -> r.name).toList();
    }

    private DatabasePhase.Context databaseContext() {
        return new DatabasePhase.Context(serviceName, environment, needingDatabase(), container,
                settings.databaseSettings(), testMode);
    }

    /**
     * The database phase, when a module needs one: the builder's, or the one provider found. Found
     * before register, so that it can set up what modules use in onRegister; a missing or ambiguous
     * provider fails the start here, before any module registered.
     */
    private @Nullable DatabasePhase findDatabasePhase() {
        List<String> needing = needingDatabase();
        if (needing.isEmpty()) {
            return null;
        }
        DatabasePhase given = settings.databasePhase();
        if (given != null) {
            return given;
        }
        List<DatabasePhase> found = Discovery.providers(settings, DatabasePhase.class);
        if (found.isEmpty()) {
            throw new LifecycleException("database", null, "Module(s) " + String.join(", ", needing)
                    + " require a database, but no database phase is available. Fix: put Bento's database support"
                    + " (a jar that provides com.bento.spi.DatabasePhase) on the module path, or give one with"
                    + " RuntimeBuilder.withDatabasePhase(...).", null);
        }
        if (found.size() > 1) {
            throw new LifecycleException("database", null, "Several database phases are available: "
                    + found.stream().map(p -> com.bento.spi.Providers.origin(p.getClass())).collect(Collectors.joining(", "))
                    + ". Keep one jar that provides com.bento.spi.DatabasePhase, or choose one with"
                    + " RuntimeBuilder.withDatabasePhase(...).", null);
        }
        return found.get(0);
    }

    private void runDatabase(@Nullable DatabasePhase phase) {
        if (phase == null) {
            return;
        }
        List<String> needing = needingDatabase();
        long begin = System.nanoTime();
        listeners.phaseStarted(Phase.DATABASE);
        Throwable failure = null;
        try {
            DatabasePhase.Context context = databaseContext();
            AutoCloseable[] opened = new AutoCloseable[1];
            HookRunner.Result result = hooks.run("database phase " + phase.getClass().getName(),
                    () -> opened[0] = phase.open(context), hookTimeout);
            if (!result.ok()) {
                Throwable cause = result.failure();
                throw new LifecycleException("database", null, "The database could not be set up for module(s) "
                        + String.join(", ", needing) + " (" + phase.getClass().getName() + "): " + cause
                        + ". Check the database settings and that the database answers.", cause);
            }
            database = opened[0];
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            databaseNanos = System.nanoTime() - begin;
            phaseSpans.put("database", new long[] {begin - buildBegin, databaseNanos});
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
            List<Record> failed = new ArrayList<>();
            runGraph(Phase.STARTUP, records, true, (r, result) -> {
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
                startupNanos = System.nanoTime() - begin;
                Throwable cause = failures.get(0);
                failures.forEach(Failures::rethrowIfUnrecoverable);
                boolean anyStarted = !started.isEmpty();
                phaseSpans.put("startup", new long[] {begin - buildBegin, startupNanos});
                // the message is built after the rollback, so that it tells the order the modules really stopped in
                listeners.phaseFinished(Phase.STARTUP, cause);
                List<Throwable> cleanup = anyStarted ? stop() : closeResources();
                Throwable failure = hookFailure(Phase.STARTUP, failed.get(0), cause, !anyStarted
                        ? "No module had started."
                        : "Modules already started were stopped in reverse order: " + String.join(", ", stopOrder) + ".");
                for (int i = 1; i < failed.size(); i++) {
                    failure.addSuppressed(hookFailure(Phase.STARTUP, failed.get(i), failures.get(i), "It failed at the same time."));
                }
                cleanup.forEach(failure::addSuppressed);
                endStartup(failure);
                hooks.close();
                throw Failures.sneaky(failure);
            }
            startupNanos = System.nanoTime() - begin;
            phaseSpans.put("startup", new long[] {begin - buildBegin, startupNanos});
            listeners.criticalPath(criticalPath());
            listeners.phaseFinished(Phase.STARTUP, null);
            endStartup(null);
            state = State.STARTED;
            installShutdownHook();
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
            removeShutdownHook();
            endStartup(null);
            state = State.CLOSED;
            long begin = System.nanoTime();
            List<Throwable> failures = stop();
            hooks.close();
            long millis = (System.nanoTime() - begin) / 1_000_000;
            if (failures.isEmpty()) {
                LOG.log(Level.INFO, () -> "Stopped '" + serviceName + "' in " + millis + " ms");
            } else {
                LOG.log(Level.WARNING, () -> "Stopped '" + serviceName + "' in " + millis + " ms with " + failures.size()
                        + " failure(s)");
            }
            throwFirst(failures);
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
        List<Record> toStop = records.stream().filter(started::contains).toList();
        stopOrder.clear();
        runGraph(Phase.SHUTDOWN, toStop, false, (r, result) -> {
            stopOrder.add(r.name);
            r.state = result.ok() || result.timedOut() ? ModuleState.STOPPED : ModuleState.FAILED;
            if (!result.ok() && !result.timedOut()) {
                failures.add(hookFailure(Phase.SHUTDOWN, r, result.failure(), "The other modules were stopped all the same."));
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

    /**
     * Runs a hook of each module as the dependency graph allows: starting, a module waits for the
     * modules it requires; stopping, for the started modules that require it. At most
     * {@link #parallelism} at once, each under the hook timeout. {@code finished} is called on this
     * thread, one module at a time, as each hook ends.
     */
    private void runGraph(Phase phase, List<Record> nodes, boolean starting,
                          java.util.function.BiConsumer<Record, HookRunner.Result> finished) {
        Map<Record, Integer> at = new java.util.IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            at.put(nodes.get(i), i);
        }
        int[][] waitsFor = new int[nodes.size()][];
        List<List<Integer>> dependents = new ArrayList<>();
        nodes.forEach(n -> dependents.add(new ArrayList<>()));
        for (int i = 0; i < nodes.size(); i++) {
            for (int required : nodes.get(i).requiresAt) {
                Integer j = at.get(records.get(required));
                if (j != null) {
                    dependents.get(j).add(i);
                }
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            Record r = nodes.get(i);
            waitsFor[i] = starting
                    ? java.util.Arrays.stream(r.requiresAt).mapToObj(k -> at.get(records.get(k)))
                    .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray()
                    : dependents.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        String hook = "on" + capitalize(phase.label());
        List<HookGraph.Body> bodies = nodes.stream().<HookGraph.Body>map(r -> () -> {
            currentModule.set(r.name);
            try {
                if (starting) {
                    r.module.onStartup(container);
                } else {
                    r.module.onShutdown(container);
                }
            } finally {
                currentModule.remove();
            }
        }).toList();
        List<String> labels = nodes.stream().map(r -> hook + " of module '" + r.name + "'").toList();
        java.util.Comparator<Integer> priority = starting ? java.util.Comparator.naturalOrder()
                : java.util.Comparator.reverseOrder();
        HookGraph.run(bodies, waitsFor, priority, labels, parallelism, hookTimeout, starting, "bento-" + phase.label()
                + "-" + serviceName, new HookGraph.Observer() {
                    @Override
                    public void started(int node) {
                        listeners.moduleStarted(phase, nodes.get(node).name);
                    }

                    @Override
                    public void finished(int node, HookGraph.Outcome outcome) {
                        Record r = nodes.get(node);
                        if (starting) {
                            r.startupOffset = outcome.begin() - buildBegin;
                        }
                        if (outcome.timedOut()) {
                            LOG.log(Level.WARNING, "Module '" + r.name + "': " + hook + " did not finish within "
                                    + hookTimeout + " and was abandoned; the other modules proceed. Make the hook return"
                                    + " sooner, or raise the limit with withHookTimeout(...)");
                        }
                        listeners.moduleFinished(phase, r.name, outcome.failure());
                        finished.accept(r, outcome.asResult());
                    }
                });
    }

    private HookRunner.Result runHook(Phase phase, Record r, HookRunner.Hook body) {
        if (phase == Phase.REGISTER) {
            r.registerOffset = System.nanoTime() - buildBegin;
        }
        listeners.moduleStarted(phase, r.name);
        HookRunner.Hook named = () -> {
            currentModule.set(r.name);
            try {
                body.run();
            } finally {
                currentModule.remove();
            }
        };
        HookRunner.Result result = hooks.run("on" + capitalize(phase.label()) + " of module '" + r.name + "'", named, hookTimeout);
        if (result.timedOut() && phase != Phase.REGISTER) {
            LOG.log(Level.WARNING, "Module '" + r.name + "': on" + capitalize(phase.label()) + " did not finish within "
                    + hookTimeout + " and was abandoned; the other modules proceed. Make the hook return sooner,"
                    + " or raise the limit with withHookTimeout(...)");
        }
        listeners.moduleFinished(phase, r.name, result.failure());
        return result;
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The failure to throw for a hook: Errors as they are, anything else wrapped with the module and phase. */
    private static Throwable hookFailure(Phase phase, Record r, @Nullable Throwable cause, String aftermath) {
        if (cause instanceof Error) {
            return cause;
        }
        String hook = "on" + capitalize(phase.label());
        return new LifecycleException(phase.label(), r.name, "Module '" + r.name + "' failed in " + hook + " ("
                + phase.label() + " phase): " + cause + ". " + aftermath + " Fix the cause in "
                + r.module.getClass().getName() + "." + hook + ".", cause);
    }

    private static void throwFirst(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        for (Throwable t : failures.subList(1, failures.size())) {
            first.addSuppressed(t);
        }
        throw Failures.sneaky(first);
    }

    private void installShutdownHook() {
        if (!settings.shutdownHook()) {
            return;
        }
        if (testMode) {
            LOG.log(Level.WARNING, "withShutdownHook() ignored: runtime '" + serviceName + "' is in test mode");
            return;
        }
        Thread hook = new Thread(this::closeFromShutdownHook, "bento-shutdown-" + serviceName);
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook == null || Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook will find the runtime closed
        }
    }

    /** The JVM shutdown hook currently installed, if any; for tests. */
    java.util.Optional<Thread> shutdownHookThread() {
        return java.util.Optional.ofNullable(shutdownHook);
    }

    private static List<String> names(List<Record> list) {
        return list.stream().map(r -> r.name).toList();
    }

    private RuntimeInfo info() {
        State s = state;
        return new RuntimeInfo(serviceName, environment, names(records), s == State.BUILT || s == State.STARTED,
                s == State.STARTED, database != null, container.has(com.bento.ReasonCatalog.CONTRACTS));
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
        return records.stream().map(r -> new ModuleStatus(r.name, r.module.getClass().getName(), r.requires,
                r.descriptor.requiresDatabase(), r.state, Duration.ofNanos(r.registerNanos), Duration.ofNanos(r.startupNanos),
                r.descriptor.origin())).toList();
    }

    @Override
    public ModuleGraph graph() {
        Map<String, List<ModuleGraph.Service>> services = new LinkedHashMap<>();
        for (com.bento.ServiceEntry e : container.entries()) {
            services.computeIfAbsent(e.owner(), k -> new ArrayList<>())
                    .add(new ModuleGraph.Service(e.name(), e.type().getName(), e.lifetime().name()));
        }
        Map<String, List<String>> ports = new LinkedHashMap<>();
        container.find(Ports.KEY).ifPresent(p -> p.providers().forEach((port, module) ->
                ports.computeIfAbsent(module, k -> new ArrayList<>()).add(port.getName())));
        return new ModuleGraph(serviceName, records.stream().map(r -> ModuleGraph.declared(r.descriptor,
                r.state.name(), services.getOrDefault(r.name, List.of()), ports.getOrDefault(r.name, List.of()))).toList());
    }

    @Override
    public List<GateResult> gateResults() {
        return List.copyOf(gateResults);
    }

    @Override
    public StartupMetrics startupMetrics() {
        Map<String, Duration> reg = new LinkedHashMap<>();
        Map<String, Duration> start = new LinkedHashMap<>();
        for (Record r : records) {
            reg.put(r.name, Duration.ofNanos(r.registerNanos));
            if (r.state == ModuleState.STARTED || r.state == ModuleState.STOPPED || r.startupNanos > 0) {
                start.put(r.name, Duration.ofNanos(r.startupNanos));
            }
        }
        return new StartupMetrics(Duration.ofNanos(buildNanos), Duration.ofNanos(resolutionNanos), Duration.ofNanos(gatesNanos), Duration.ofNanos(registerNanos),
                Duration.ofNanos(databaseNanos), Duration.ofNanos(startupNanos), reg, start, timeline(), criticalPath());
    }

    /** Every phase and module hook of the start that ran, with its offset from the build's beginning. */
    private List<StartupMetrics.Step> timeline() {
        List<StartupMetrics.Step> steps = new ArrayList<>();
        steps.add(new StartupMetrics.Step("resolution", "", Duration.ZERO, Duration.ofNanos(resolutionNanos)));
        for (String phase : List.of("gates", "register", "database", "startup")) {
            long[] span = phaseSpans.get(phase);
            if (span != null) {
                steps.add(new StartupMetrics.Step(phase, "", Duration.ofNanos(span[0]), Duration.ofNanos(span[1])));
            }
            for (Record r : records) {
                long offset = phase.equals("register") ? r.registerOffset : phase.equals("startup") ? r.startupOffset : -1;
                if (offset >= 0) {
                    steps.add(new StartupMetrics.Step(phase, r.name, Duration.ofNanos(offset), Duration.ofNanos(
                            phase.equals("register") ? r.registerNanos : r.startupNanos)));
                }
            }
        }
        return steps;
    }

    /**
     * The chain of onStartup hooks that decided how long the startup phase took: the hook that ended
     * last, the hook it required that ended last, and so on back to a module that required none.
     */
    private List<String> criticalPath() {
        Record last = null;
        for (Record r : records) {
            if (r.startupOffset >= 0 && (last == null || end(r) > end(last))) {
                last = r;
            }
        }
        java.util.LinkedList<String> path = new java.util.LinkedList<>();
        while (last != null) {
            path.addFirst(last.name);
            Record gate = null;
            for (int k : last.requiresAt) {
                Record required = records.get(k);
                if (required.startupOffset >= 0 && (gate == null || end(required) > end(gate))) {
                    gate = required;
                }
            }
            last = gate;
        }
        return List.copyOf(path);
    }

    private static long end(Record r) {
        return r.startupOffset + r.startupNanos;
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
