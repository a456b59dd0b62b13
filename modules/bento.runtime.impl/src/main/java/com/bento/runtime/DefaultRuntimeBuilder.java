package com.bento.runtime;

import com.bento.ConfigurationException;
import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.StartupGate;
import com.bento.spi.DatabasePhase;
import com.bento.spi.RuntimeListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Collects settings; {@link #build()} hands them to a new {@link DefaultRuntime}. */
final class DefaultRuntimeBuilder implements RuntimeBuilder {
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(30);

    /** Where to look for providers of a service. */
    private record Source(String description, Function<Class<?>, ServiceLoader<?>> loader) {
    }

    String serviceName = "bento";
    String environment = "local";
    final List<Module> explicitModules = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    final Map<String, Object> services = new LinkedHashMap<>();
    final List<StartupGate> gates = new ArrayList<>();
    boolean skipGates;
    java.nio.file.@Nullable Path contracts;
    boolean requireContracts;
    boolean testMode;
    final Map<String, Map<String, Object>> mocks = new LinkedHashMap<>();
    Duration hookTimeout = DEFAULT_HOOK_TIMEOUT;
    /** Hooks running at once in a parallel start: start hooks mostly wait (a connection, a cache warm-up). */
    static final int MAX_PARALLEL_HOOKS = 16;
    boolean parallelStart = true;
    boolean shutdownHook;
    final List<RuntimeListener> listeners = new ArrayList<>();
    boolean listenerDiscovery = true;
    @Nullable DatabasePhase databasePhase;
    final Map<String, String> databaseSettings = new LinkedHashMap<>();
    /** Modules that mocks replaced in the last {@link #collectModules()}. */
    final List<Module> replaced = new ArrayList<>();

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
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = tccl != null ? tccl : DefaultRuntimeBuilder.class.getClassLoader();
        return discoverModules(loader);
    }

    @Override
    public RuntimeBuilder discoverModules(ModuleLayer layer) {
        Objects.requireNonNull(layer, "layer");
        sources.add(new Source("module layer " + layer, type -> ServiceLoader.load(layer, type)));
        return this;
    }

    @Override
    public RuntimeBuilder discoverModules(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        sources.add(new Source("class loader " + loader, type -> ServiceLoader.load(type, loader)));
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
    public RuntimeBuilder withMockModule(String name, Map<String, Object> services) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(services, "services");
        Map<String, Object> copy = Map.copyOf(services);
        Map<String, Object> earlier = mocks.putIfAbsent(name, copy);
        if (earlier != null) {
            throw new ConfigurationException("Mock module '" + name + "' was given twice to withMockModule (first with "
                    + new java.util.TreeSet<>(earlier.keySet()) + ", then with " + new java.util.TreeSet<>(copy.keySet())
                    + "). A name holds one module, so the second would hide the first one's services: give all of"
                    + " its services in one call, or give the second mock another name.");
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
        if (!mocks.isEmpty() && !testMode) {
            throw new ConfigurationException("Mock modules " + mocks.keySet() + " were given to a runtime that is not"
                    + " in test mode. Mocks replace real modules and are for tests only: call withTestMode(),"
                    + " or remove withMockModule.");
        }
        if (skipGates && !testMode && !environment.equals("local")) {
            throw new ConfigurationException("skipGates() was called for environment '" + environment
                    + "': gates may be skipped only in 'local' or in test mode, so that no deployed start goes"
                    + " unchecked. Remove skipGates(), or use environment 'local'.");
        }
        return DefaultRuntime.build(this);
    }

    /** The modules to run: explicit ones, discovered ones, then mocks replacing by name. */
    @Override
    public ModuleGraph graph(java.util.function.Function<Module, List<ModuleGraph.Route>> routes) {
        ModuleRegistry registry = collectModules();
        return new ModuleGraph(serviceName, registry.resolveOrder().stream().map(m -> ModuleGraph.declared(m, m.name(),
                registry.requiresOf(m), "RESOLVED", List.of(), List.of()).withRoutes(routes.apply(m))).toList());
    }

    ModuleRegistry collectModules() {
        ModuleRegistry registry = ModuleRegistry.create();
        Set<Class<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Module m : explicitModules) {
            registry.register(m);
            seen.add(m.getClass());
        }
        int discovered = 0;
        for (Source source : sources) {
            for (Object provider : load(source, Module.class)) {
                discovered++;
                if (seen.add(provider.getClass())) {
                    registry.register((Module) provider);
                }
            }
        }
        replaced.clear();
        mocks.forEach((name, services) -> registry.replace(new MockModule(name, services)).ifPresent(replaced::add));
        if (registry.modules().isEmpty()) {
            String where = sources.isEmpty() ? "No modules were given: neither withModules(...) nor discoverModules() was called."
                    : "Module discovery found no provider of com.bento.Module (looked in "
                    + sources.stream().map(Source::description).toList() + ").";
            throw new ModuleResolutionException(Reason.NO_MODULES, List.of(), where + " Likely causes:\n"
                    + "- a module's module-info.java lacks 'provides com.bento.Module with <your module class>;'\n"
                    + "- the module's jar is not on the module path (--module-path) or class path\n"
                    + "- on the class path, the jar lacks META-INF/services/com.bento.Module naming the class\n"
                    + "- the application module does not resolve the module jars: launch with --add-modules ALL-MODULE-PATH");
        }
        if (discovered == 0 && !sources.isEmpty()) {
            System.getLogger(DefaultRuntimeBuilder.class.getName()).log(System.Logger.Level.WARNING,
                    "Module discovery found no provider of com.bento.Module; running only the modules given explicitly");
        }
        return registry;
    }

    /** Providers of a service from the discovery sources, or the context class loader when there are none. */
    <T> List<T> discover(Class<T> type) {
        List<Source> from = sources.isEmpty()
                ? List.of(new Source("context class loader", t -> ServiceLoader.load(t))) : sources;
        List<T> found = new ArrayList<>();
        Set<Class<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Source s : from) {
            for (Object p : load(s, type)) {
                if (seen.add(p.getClass())) {
                    found.add(type.cast(p));
                }
            }
        }
        return found;
    }

    private static List<Object> load(Source source, Class<?> type) {
        List<Object> out = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<?> p : source.loader.apply(type).stream().toList()) {
                try {
                    out.add(p.get());
                } catch (ServiceConfigurationError e) {
                    throw loadFailed(type, p.type().getName(), e);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw loadFailed(type, "a provider", e);
        }
        return out;
    }

    private static ModuleResolutionException loadFailed(Class<?> type, String provider, ServiceConfigurationError e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new ModuleResolutionException(Reason.LOAD_FAILED, List.of(), "Could not load " + provider + " of "
                + type.getName() + ": " + e.getMessage() + (cause != e ? " (" + cause + ")" : "")
                + ". Check that the class named in 'provides' or META-INF/services exists, is public, has a public"
                + " no-argument constructor (or a public static provider() method) and that its constructor does not throw.", e);
    }
}
