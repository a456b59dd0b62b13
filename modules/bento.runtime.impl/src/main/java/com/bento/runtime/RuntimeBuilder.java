package com.bento.runtime;

import com.bento.Module;
import com.bento.StartupGate;
import com.bento.spi.DatabasePhase;
import com.bento.spi.RuntimeListener;
import java.time.Duration;

/**
 * Configures and builds a {@link BentoRuntime}. Every method validates its arguments at once
 * and throws {@link com.bento.ConfigurationException} naming the setting when one is wrong.
 */
public interface RuntimeBuilder {

    /** The environments a runtime accepts. */
    java.util.List<String> ENVIRONMENTS = java.util.List.of("local", "dev", "test", "stage", "prod");

    /**
     * Sets the service name and environment; by default {@code bento} and {@code local}.
     *
     * @param serviceName letters, digits, {@code _} or {@code -}
     * @param environment one of {@link #ENVIRONMENTS}
     * @return this builder
     */
    RuntimeBuilder withConfig(String serviceName, String environment);

    /**
     * Adds modules explicitly, beside any discovered ones.
     *
     * @param modules the modules
     * @return this builder
     */
    RuntimeBuilder withModules(Module... modules);

    /**
     * Discovers modules with {@link java.util.ServiceLoader}, through the thread's context class
     * loader: providers on the module path ({@code provides com.bento.Module with ...}) and on the
     * class path ({@code META-INF/services/com.bento.Module}).
     *
     * @return this builder
     */
    RuntimeBuilder discoverModules();

    /**
     * Discovers modules in a module layer (and its parents), such as a plugin layer.
     *
     * @param layer the layer
     * @return this builder
     */
    RuntimeBuilder discoverModules(ModuleLayer layer);

    /**
     * Discovers modules visible to a class loader.
     *
     * @param loader the class loader
     * @return this builder
     */
    RuntimeBuilder discoverModules(ClassLoader loader);

    /**
     * Adds a service to the container before any module registers.
     *
     * @param name the entry's name
     * @param instance the service
     * @return this builder
     */
    RuntimeBuilder withService(String name, Object instance);

    /**
     * Adds a gate to the gates phase.
     *
     * @param gate the gate
     * @return this builder
     */
    RuntimeBuilder withGate(StartupGate gate);

    /**
     * Validates a contracts folder (reason codes, state machines, event routing, event schemas) in
     * the gates phase and puts the loaded contracts in the container under {@code contracts}.
     * Needs Bento's contracts module ({@code bento.runtime.contracts}) on the path.
     *
     * @param directory the contracts folder
     * @param require {@code true}: a missing folder or any problem stops the start; {@code false}:
     *        problems are logged as warnings and the start goes on
     * @return this builder
     */
    RuntimeBuilder withContracts(java.nio.file.Path directory, boolean require);

    /**
     * Skips the gates phase, with a warning in the log. Refused unless the environment is
     * {@code local} or the runtime is in test mode, so that a production start is always gated.
     *
     * @return this builder
     */
    RuntimeBuilder skipGates();

    /**
     * Marks the runtime as a test: no JVM shutdown hook, mock modules allowed.
     *
     * @return this builder
     */
    RuntimeBuilder withTestMode();

    /**
     * In test mode, a stand-in for the module of the same name: it replaces any real module of that
     * name, given or discovered, and satisfies other modules' requirements of it. The real module is
     * then listed by {@link BentoRuntime#modulesNotLoaded()} (a web host does not serve its
     * controllers). Mock modules made of a few services come from {@code bento.runtime.test}
     * ({@code com.bento.test.MockModule.of(name, services)}).
     *
     * @param module the stand-in
     * @return this builder
     * @throws com.bento.ConfigurationException when a stand-in of that name was already given
     */
    RuntimeBuilder withStandIn(com.bento.Module module);

    /**
     * Sets the time limit of every module hook; 30 seconds by default.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    RuntimeBuilder withHookTimeout(Duration timeout);

    /**
     * Whether the {@code onStartup} of modules that do not depend on each other run at the same time
     * (and their {@code onShutdown}, in reverse): a module starts once every module it requires has
     * started, and stops once every started module that requires it has stopped. On by default, with
     * at most {@value DefaultRuntimeBuilder#MAX_PARALLEL_HOOKS} hooks at once; {@code false} runs them one
     * by one in start order. Either way a failure stops exactly the modules that started, dependents
     * before what they require, and {@code onRegister} runs one module at a time.
     *
     * @param parallel {@code false} for one hook at a time
     * @return this builder
     */
    RuntimeBuilder withParallelStart(boolean parallel);

    /**
     * Installs a JVM shutdown hook at start that closes the runtime (on SIGTERM, say), removed again
     * by an explicit {@link BentoRuntime#close()}. Ignored, with a warning, in test mode.
     *
     * @return this builder
     */
    RuntimeBuilder withShutdownHook();

    /**
     * Adds a listener of phases and module hooks.
     *
     * @param listener the listener
     * @return this builder
     */
    RuntimeBuilder withListener(RuntimeListener listener);

    /**
     * Whether listeners provided through {@link java.util.ServiceLoader} (such as Bento's
     * OpenTelemetry module) are used; on by default.
     *
     * @param enabled {@code false} to use only listeners given to the builder
     * @return this builder
     */
    RuntimeBuilder withListenerDiscovery(boolean enabled);

    /**
     * Gives the database phase a database to use when neither Micronaut's {@code datasources.default.*}
     * settings nor {@code DATABASE_URL} name one (they take precedence, so that deployments can
     * override what the code says).
     *
     * @param url a JDBC URL
     * @param user the user, may be empty
     * @param password the password, may be empty; never printed
     * @return this builder
     */
    RuntimeBuilder withDatabase(String url, String user, String password);

    /**
     * Sets the database phase instead of the one found with {@link java.util.ServiceLoader}.
     *
     * @param phase the database phase
     * @return this builder
     */
    RuntimeBuilder withDatabasePhase(DatabasePhase phase);

    /**
     * Resolves the modules, then runs gates, register and database.
     *
     * <p>On failure, what was set up is closed (the container's services, the database) and the
     * failure is thrown: a {@link com.bento.ModuleResolutionException}, a
     * {@link com.bento.GateFailedException}, or a {@link com.bento.LifecycleException} naming the
     * phase and the module; an {@link Error} as it is.
     *
     * @return the built runtime, ready to {@link BentoRuntime#start()}
     */
    BentoRuntime build();

    /**
     * The graph of the modules this builder would run, without running anything: discovery and
     * ordering only (no gate, no hook), so that a build can draw the application. Services and
     * ports appear only in {@link BentoRuntime#graph()}, once the modules have registered.
     *
     * @return the declared graph, every module {@code RESOLVED}
     * @throws com.bento.ModuleResolutionException as {@link #build()} would
     */
    default ModuleGraph graph() {
        return graph(module -> java.util.List.of());
    }

    /**
     * {@link #graph()}, with each module's routes as a web host reads them from its controllers.
     *
     * @param routes a module's routes
     * @return the declared graph
     */
    ModuleGraph graph(java.util.function.Function<ModuleDescriptor, java.util.List<ModuleGraph.Route>> routes);
}
