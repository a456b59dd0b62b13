package com.bento.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Modules loaded into, and unloaded from, a started runtime, each in a JPMS {@link ModuleLayer} of
 * its own. Reached with {@link BentoRuntime#dynamicModules()}.
 *
 * <p>{@link #load(Path...)} resolves the given modular jars or exploded module folders in a new
 * layer whose parents are the runtime's layer and the layers of the loaded modules they read; the
 * layer's providers of {@code com.bento.Module} then pass the gates (the contracts folder against
 * their {@code @UsesContracts}, and the builder's gates), register, run the migrations of those that
 * need the database (on the database the runtime opened) and start, in dependency order, each step
 * under the runtime's hook timeout. A failure stops and removes exactly what this load
 * started and registered; the modules already running are untouched.
 *
 * <p>{@link #unload(String, boolean)} stops a loaded module (after its dependents, when asked to
 * cascade), removes the services it registered (closing what they hold) and, when the last module
 * of a layer goes, lets go of the layer so that its class loader can be collected.
 *
 * <p>Only modules loaded here can be unloaded; the modules the runtime started with stay until it
 * closes. Closing the runtime unloads the loaded modules first, the last loaded first. Operations
 * are serialized with the runtime's start and close. A module that requires the database loads only
 * into a runtime that opened one.
 */
public interface DynamicModules {

    /**
     * Loads the Bento modules of the given jars or folders, then gates, registers and starts them.
     *
     * @param jarsOrDirs modular jars, or folders of modular jars or exploded modules
     * @return the loaded modules' descriptors, in start order
     * @throws com.bento.ConfigurationException when a path is missing, holds no JPMS module or no
     *         provider of {@code com.bento.Module}, or Bento itself is not on the module path
     * @throws com.bento.ModuleResolutionException when a JPMS module cannot be resolved against
     *         the running ones, a module's name is taken, or a {@code @Requires} names a module that
     *         is neither running nor loaded with it
     * @throws com.bento.GateFailedException when a gate rejects the modules
     * @throws com.bento.LifecycleException when a hook fails or times out; what the load did is undone
     * @throws IllegalStateException when the runtime is not started
     */
    List<ModuleDescriptor> load(Path... jarsOrDirs);

    /**
     * Unloads a loaded module, refusing while running modules require it.
     *
     * @return the names unloaded, in the order they stopped
     * @throws IllegalArgumentException when the name is not a loaded module
     * @throws com.bento.ModuleResolutionException ({@code IN_USE}) listing the modules that require it
     */
    default List<String> unload(String name) {
        return unload(name, false);
    }

    /**
     * Unloads a loaded module; with {@code cascade}, the loaded modules that require it (directly or
     * not) are unloaded first, in reverse dependency order. Every stop and close is attempted; the
     * first failure is thrown after, with the others suppressed, and the modules are gone all the
     * same.
     *
     * @return the names unloaded, in the order they stopped
     * @throws IllegalArgumentException when the name is not a loaded module (the message says
     *         whether it is one the runtime started with)
     * @throws com.bento.ModuleResolutionException ({@code IN_USE}) when it is required and
     *         {@code cascade} is false
     */
    List<String> unload(String name, boolean cascade);

    /**
     * Replaces a loaded module by the module of the same name in the given jars or folders: the old
     * one is unloaded, the new one loaded. When the new one fails to load, the old one is loaded
     * again from where it came from and the failure is thrown.
     *
     * @return the descriptors of what was loaded
     * @throws IllegalArgumentException when the name is not a loaded module
     * @throws com.bento.ModuleResolutionException when loaded modules require it (unload them with
     *         {@code unload(name, true)} and load them again), or the paths do not hold a module of
     *         that name (the old version is loaded again)
     * @throws com.bento.ConfigurationException when it was loaded together with other modules, in
     *         one layer: a layer is replaced as a whole
     */
    List<ModuleDescriptor> reload(String name, Path... jarsOrDirs);

    /** @return the loaded modules' descriptors, in the order they were loaded */
    List<ModuleDescriptor> loaded();

    /**
     * What happened to loaded modules, oldest first: the last {@value #HISTORY} loads, unloads and
     * failed loads.
     *
     * @return the events
     */
    List<Event> history();

    /** How many events {@link #history()} keeps. */
    int HISTORY = 100;

    /**
     * A load or unload.
     *
     * @param type {@code module.loaded}, {@code module.load_failed} or {@code module.unloaded}
     * @param modules the modules it concerned
     * @param at when it ended
     * @param failure why it failed (a load) or what failed along the way (an unload), if anything
     */
    record Event(String type, List<String> modules, java.time.Instant at, java.util.Optional<String> failure) {
        /** Copies the list. */
        public Event {
            modules = List.copyOf(modules);
        }
    }

    /**
     * Adds a party that serves the loaded modules to the outside (a web host routing their HTTP
     * calls, say). Its calls come on the thread that loads or unloads, under the runtime's lock.
     *
     * @param listener the listener
     */
    void addListener(Listener listener);

    /**
     * What a host of loaded modules is told, and when. A reload is an unload with
     * {@code replacing} set, a load, then {@link #reloadEnded}: a host can hold new calls for the
     * module from {@link #beforeUnload} to {@link #reloadEnded} and hand them to the new version.
     */
    interface Listener {

        /**
         * The modules passed their checks and gates and are about to register; throw (a
         * {@link com.bento.ConfigurationException} naming the problem) to refuse the load, which is
         * then undone with nothing run.
         *
         * @param modules the modules, in start order
         */
        default void beforeLoad(List<ModuleDescriptor> modules) {
        }

        /** @param modules the modules now running, in start order */
        default void loaded(List<ModuleDescriptor> modules) {
        }

        /**
         * A load that {@link #beforeLoad} accepted failed in a hook and was undone.
         *
         * @param modules the modules, in start order
         */
        default void loadFailed(List<ModuleDescriptor> modules) {
        }

        /**
         * A loaded module is about to stop: from here it should get no new work, and this returns
         * when its work in flight is done (bounded by the host).
         *
         * @param module its name
         * @param replacing whether a reload is replacing it
         */
        default void beforeUnload(String module, boolean replacing) {
        }

        /** @param module a module that stopped and whose services are gone */
        default void unloaded(String module) {
        }

        /**
         * A reload ended: the new version runs, or the old one again, or (when both failed) none.
         *
         * @param module its name
         * @param running whether a version of it runs
         */
        default void reloadEnded(String module, boolean running) {
        }
    }
}
