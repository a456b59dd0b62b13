package com.bento.runtime;

import com.bento.ServiceKey;
import com.bento.Container;
import com.bento.GateResult;
import com.bento.Module;
import java.util.List;

/**
 * A built Bento application: its modules resolved, gated, registered and, when a module needs
 * one, its database set up. {@link #start()} then starts the modules and {@link #close()} stops
 * them.
 *
 * <pre>{@code
 * try (BentoRuntime runtime = BentoRuntime.builder()
 *         .withConfig("my-shop", "prod")
 *         .discoverModules()
 *         .build()
 *         .start()) {
 *     runtime.logStartupMetrics();
 *     ...
 * }
 * }</pre>
 *
 * <p>Instances are safe to use from many threads.
 */
public interface BentoRuntime extends AutoCloseable {

    /** The runtime itself. */
    ServiceKey<BentoRuntime> KEY = ServiceKey.of("runtime", BentoRuntime.class);

    /** @return a builder for a new runtime */
    static RuntimeBuilder builder() {
        return new DefaultRuntimeBuilder();
    }

    /**
     * Runs every module's {@code onStartup} in start order, each under the hook time limit.
     *
     * <p>On failure: the modules already started are stopped in exact reverse order, the
     * container's services and the database are closed, and the failure is thrown as a
     * {@link com.bento.LifecycleException} naming the module, the phase and the cause, with
     * failures of that clean-up attached as suppressed. An {@link Error} is rethrown as it is,
     * after the same clean-up; a {@link VirtualMachineError} is rethrown at once. A hook that
     * outlives its time limit is abandoned with a warning and the start goes on.
     *
     * @return this runtime
     * @throws IllegalStateException when already started, failed or closed
     */
    BentoRuntime start();

    /**
     * Stops the application: every started module's {@code onShutdown} in reverse start order,
     * then the container's {@link AutoCloseable} services in reverse order, then the database.
     * Every step runs even when an earlier one fails; the first failure is then thrown (a
     * {@link com.bento.LifecycleException}, or an {@link Error} as it is) with the others
     * suppressed. Hooks that outlive their time limit are abandoned with a warning.
     *
     * <p>Closing again, or from several threads at once, stops each module exactly once; a
     * concurrent caller returns when the stop is complete. A JVM shutdown hook installed by the
     * builder is removed.
     */
    @Override
    void close();

    /** @return the application's container */
    Container container();

    /**
     * @return loading, unloading and reloading modules while the runtime runs, each in a JPMS module
     *         layer of its own (see {@link DynamicModules})
     */
    DynamicModules dynamicModules();

    /** @return the modules in start order */
    List<Module> modules();

    /**
     * The modules that were given or discovered but replaced by {@link RuntimeBuilder#withStandIn stand-ins}.
     *
     * @return the replaced modules
     */
    List<Module> replacedModules();

    /**
     * What discovery read of each running module, once: name, requirements, origin, controllers.
     *
     * @return the descriptors, in start order
     */
    List<ModuleDescriptor> moduleDescriptors();

    /**
     * Modules seen but not run: replaced by a stand-in, or, when the builder named its modules
     * instead of discovering them, found on the path ({@link ModuleDescriptor.Kind#PRESENT}). A web
     * host must not serve their controllers.
     *
     * @return their descriptors
     */
    List<ModuleDescriptor> modulesNotLoaded();

    /** @return each module's name, requirements, state and timings, in start order */
    List<ModuleStatus> moduleStatuses();

    /**
     * @return the modules with what each requires, registered (services, ports), serves (controllers)
     *         and exchanges (events), and its state; see {@link ModuleGraph}
     */
    ModuleGraph graph();

    /** @return the results of every gate that ran, in order */
    List<GateResult> gateResults();

    /** @return the start's timings so far */
    StartupMetrics startupMetrics();

    /** Logs {@link StartupMetrics#summary()} at INFO. */
    void logStartupMetrics();

    /** @return runtime facts and request statistics */
    PerformanceMonitor performanceMonitor();

    /** @return the service name given to {@link RuntimeBuilder#withConfig} */
    String serviceName();

    /** @return the environment given to {@link RuntimeBuilder#withConfig} */
    String environment();

    /** @return whether the runtime was built with {@link RuntimeBuilder#withTestMode()} */
    boolean testMode();

    /** @return whether every module started and the runtime is not closed */
    boolean isStarted();
}
