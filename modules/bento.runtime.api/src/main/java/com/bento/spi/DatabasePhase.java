package com.bento.spi;

import com.bento.Container;
import java.util.List;
import java.util.Objects;

/**
 * Sets up the database when a module {@linkplain com.bento.Module#requiresDatabase() requires one}.
 * Provided by an extension (such as Bento's Micronaut Data support) through
 * {@link java.util.ServiceLoader}, or given to the runtime's builder. Without any provider, a
 * start in which some module requires a database fails and names those modules.
 */
public interface DatabasePhase {

    /**
     * What the database phase works with.
     *
     * @param serviceName the application's service name
     * @param environment the application's environment
     * @param modules the names of the modules that require a database, in start order
     * @param container the container, in which the phase registers what it sets up (a data source, say)
     * @param settings what the application gave {@code RuntimeBuilder.withDatabase}: keys {@code url},
     *        {@code user}, {@code password}; empty when it gave nothing
     * @param testMode whether the runtime runs in test mode (an embedded default may then be thrown away)
     * @param definedIn the JPMS module that defines each of those modules' class, by module name (it may
     *        lack some): where a module's migrations folder is looked for when its class loader cannot
     *        show folders, as for a module linked into a run-time image with jlink
     */
    record Context(String serviceName, String environment, List<String> modules, Container container,
                   java.util.Map<String, String> settings, boolean testMode, java.util.Map<String, java.lang.Module> definedIn) {
        /** Validates and copies the components. */
        public Context {
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(environment, "environment");
            modules = List.copyOf(modules);
            Objects.requireNonNull(container, "container");
            settings = java.util.Map.copyOf(settings);
            definedIn = java.util.Map.copyOf(definedIn);
        }

        /**
         * A context that names no module's JPMS module.
         *
         * @param serviceName the application's service name
         * @param environment the application's environment
         * @param modules the names of the modules that require a database, in start order
         * @param container the container
         * @param settings what the application gave {@code RuntimeBuilder.withDatabase}
         * @param testMode whether the runtime runs in test mode
         */
        public Context(String serviceName, String environment, List<String> modules, Container container,
                       java.util.Map<String, String> settings, boolean testMode) {
            this(serviceName, environment, modules, container, settings, testMode, java.util.Map.of());
        }
    }

    /**
     * Registers, before any module registers, what modules may use in their {@code onRegister}
     * although the database is not open yet (a repository registry, say). Called only when a module
     * requires a database. Does nothing by default.
     *
     * @param context what will be set up, and for which modules
     */
    default void prepare(Context context) {
    }

    /**
     * Sets the database up: connects, migrates, registers services.
     *
     * @param context what to set up, and for which modules
     * @return what to close when the runtime stops, after the modules stopped and the container closed
     * @throws Exception any failure; the start then fails naming the modules that need the database
     */
    AutoCloseable open(Context context) throws Exception;

    /**
     * Runs the migrations of modules loaded while the application runs, on the database this phase
     * opened: after their {@code onRegister}, before their {@code onStartup}, as in a start.
     *
     * @param context the runtime's context, whose modules are the loaded ones that need the database
     * @param loader the class loader of their layer, which sees their scripts
     * @throws Exception any failure; the load is undone (what a script changed stays: migrations
     *         are not rolled back, and the next load finds the schema where the script left it)
     */
    default void migrate(Context context, ClassLoader loader) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " cannot migrate modules loaded at run time;"
                + " implement DatabasePhase.migrate");
    }
}
