package com.bento.runtime;

import com.bento.ConfigurationException;
import com.bento.Module;
import com.bento.StartupGate;
import com.bento.spi.DatabasePhase;
import com.bento.spi.RuntimeListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import com.bento.runtime.RuntimeSettings.Source;
import org.jspecify.annotations.Nullable;

/** Collects settings; {@link #build()} freezes them into {@link RuntimeSettings} for a new {@link DefaultRuntime}. */
final class DefaultRuntimeBuilder implements RuntimeBuilder {
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(30);

    private String serviceName = "bento";
    private String environment = "local";
    private final List<Module> explicitModules = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, Object> services = new LinkedHashMap<>();
    private final List<StartupGate> gates = new ArrayList<>();
    private boolean skipGates;
    private java.nio.file.@Nullable Path contracts;
    private boolean requireContracts;
    private boolean testMode;
    private final Map<String, Module> standIns = new LinkedHashMap<>();
    private Duration hookTimeout = DEFAULT_HOOK_TIMEOUT;
    /** Hooks running at once in a parallel start: start hooks mostly wait (a connection, a cache warm-up). */
    static final int MAX_PARALLEL_HOOKS = 16;
    private boolean parallelStart = true;
    private boolean shutdownHook;
    private final List<RuntimeListener> listeners = new ArrayList<>();
    private boolean listenerDiscovery = true;
    private @Nullable DatabasePhase databasePhase;
    private final Map<String, String> databaseSettings = new LinkedHashMap<>();

    @Override
    public RuntimeBuilder withConfig(String serviceName, String environment) {
        if (serviceName == null || !SERVICE_NAME.matcher(serviceName).matches()) {
            throw new ConfigurationException("Invalid service name " + quote(serviceName)
                    + ": expected letters, digits, '_' or '-' (pattern [A-Za-z0-9_-]+), not empty."
                    + " Fix: withConfig(\"my-shop\", ...).");
        }
        if (environment == null || !ENVIRONMENTS.contains(environment)) {
            throw new ConfigurationException("Invalid environment " + quote(environment) + " for service '"
                    + serviceName + "': expected one of " + String.join(", ", ENVIRONMENTS)
                    + ". Fix: withConfig(\"" + serviceName + "\", \"prod\").");
        }
        this.serviceName = serviceName;
        this.environment = environment;
        return this;
    }

    private static String quote(@Nullable String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    @Override
    public RuntimeBuilder withModules(Module... modules) {
        for (Module m : modules) {
            explicitModules.add(Objects.requireNonNull(m, "module"));
        }
        return this;
    }

    @Override
    public RuntimeBuilder discoverModules() {
        sources.add(Discovery.contextSource());
        return this;
    }

    @Override
    public RuntimeBuilder discoverModules(ModuleLayer layer) {
        Objects.requireNonNull(layer, "layer");
        sources.add(Discovery.layerSource(layer));
        return this;
    }

    @Override
    public RuntimeBuilder discoverModules(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        sources.add(Discovery.classLoaderSource(loader));
        return this;
    }

    @Override
    public RuntimeBuilder withService(String name, Object instance) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instance, "instance");
        if (services.putIfAbsent(name, instance) != null) {
            throw new ConfigurationException("Service '" + name + "' was given twice to withService."
                    + " Each name holds one service: remove one call or rename one.");
        }
        return this;
    }

    @Override
    public RuntimeBuilder withGate(StartupGate gate) {
        gates.add(Objects.requireNonNull(gate, "gate"));
        return this;
    }

    @Override
    public RuntimeBuilder withContracts(java.nio.file.Path directory, boolean require) {
        contracts = Objects.requireNonNull(directory, "directory");
        requireContracts = require;
        return this;
    }

    @Override
    public RuntimeBuilder skipGates() {
        skipGates = true;
        return this;
    }

    @Override
    public RuntimeBuilder withTestMode() {
        testMode = true;
        return this;
    }

    @Override
    public RuntimeBuilder withStandIn(Module module) {
        Objects.requireNonNull(module, "module");
        String name = ModuleDescriptor.of(module, ModuleDescriptor.Kind.MOCK).name();
        Module earlier = standIns.putIfAbsent(name, module);
        if (earlier != null) {
            throw new ConfigurationException("Two stand-ins are named '" + name + "': " + earlier + " and " + module
                    + ". A name holds one module, so the second would hide the first one's services: give all of"
                    + " its services to one stand-in, or give the second another name.");
        }
        return this;
    }

    @Override
    public RuntimeBuilder withHookTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ConfigurationException("Invalid hook timeout " + timeout
                    + ": expected a positive duration. Fix: withHookTimeout(Duration.ofSeconds(30)).");
        }
        hookTimeout = timeout;
        return this;
    }

    @Override
    public RuntimeBuilder withParallelStart(boolean parallel) {
        parallelStart = parallel;
        return this;
    }

    @Override
    public RuntimeBuilder withShutdownHook() {
        shutdownHook = true;
        return this;
    }

    @Override
    public RuntimeBuilder withListener(RuntimeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public RuntimeBuilder withListenerDiscovery(boolean enabled) {
        listenerDiscovery = enabled;
        return this;
    }

    @Override
    public RuntimeBuilder withDatabase(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigurationException("Invalid database URL given to withDatabase: expected a JDBC URL starting"
                    + " with 'jdbc:', such as jdbc:postgresql://127.0.0.1:5432/shop.");
        }
        databaseSettings.clear();
        databaseSettings.put("url", url);
        databaseSettings.put("user", Objects.requireNonNull(user, "user"));
        databaseSettings.put("password", Objects.requireNonNull(password, "password"));
        return this;
    }

    @Override
    public RuntimeBuilder withDatabasePhase(DatabasePhase phase) {
        databasePhase = Objects.requireNonNull(phase, "phase");
        return this;
    }

    @Override
    public BentoRuntime build() {
        return DefaultRuntime.build(freeze());
    }

    /** The settings as they are now, checked; later changes to this builder do not reach them. */
    RuntimeSettings freeze() {
        if (!standIns.isEmpty() && !testMode) {
            throw new ConfigurationException("Stand-in modules " + standIns.keySet() + " were given to a runtime that is"
                    + " not in test mode. Stand-ins replace real modules and are for tests only: call withTestMode(),"
                    + " or remove withStandIn.");
        }
        if (skipGates && !testMode && !environment.equals("local")) {
            throw new ConfigurationException("skipGates() was called for environment '" + environment
                    + "': gates may be skipped only in 'local' or in test mode, so that no deployed start goes"
                    + " unchecked. Remove skipGates(), or use environment 'local'.");
        }
        return new RuntimeSettings(serviceName, environment, explicitModules, sources, services, gates, skipGates,
                contracts, requireContracts, testMode, List.copyOf(standIns.values()), hookTimeout, parallelStart,
                shutdownHook, listeners, listenerDiscovery, databasePhase, databaseSettings);
    }

    /** The modules to run: explicit ones, discovered ones, then stand-ins replacing by name. */
    @Override
    public ModuleGraph graph(java.util.function.Function<ModuleDescriptor, List<ModuleGraph.Route>> routes) {
        return new ModuleGraph(serviceName, Discovery.modules(freeze()).ordered().stream().map(d -> ModuleGraph.declared(d,
                "RESOLVED", List.of(), List.of()).withRoutes(routes.apply(d))).toList());
    }
}
