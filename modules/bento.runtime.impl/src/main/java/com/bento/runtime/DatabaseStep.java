package com.bento.runtime;

import com.bento.LifecycleException;
import com.bento.spi.DatabasePhase;
import com.bento.spi.Phase;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The database phase of a start, when a module requires a database: which phase (the builder's, or
 * the one provider found, before register), its context, and opening it under the hook timeout.
 */
final class DatabaseStep {
    private final RuntimeSettings settings;
    private final List<ModuleRecord> records;
    private final DefaultContainer container;
    private final Listeners listeners;
    private final HookRunner hooks;

    DatabaseStep(RuntimeSettings settings, List<ModuleRecord> records, DefaultContainer container, Listeners listeners,
                 HookRunner hooks) {
        this.settings = settings;
        this.records = records;
        this.container = container;
        this.listeners = listeners;
        this.hooks = hooks;
    }

    /**
     * The database for modules loaded at run time: the phase that opened it, while it is open.
     *
     * @param opened the phase, or null when the runtime has no open database
     */
    LoadHooks.Migrator migrator(java.util.function.Supplier<@Nullable DatabasePhase> opened) {
        return new LoadHooks.Migrator() {
            @Override
            public @Nullable String unavailable() {
                return opened.get() != null ? null : "runtime '" + settings.serviceName() + "' has no database open (none"
                        + " of the modules it started with needs one). Start the runtime with a module that requires the"
                        + " database, or start this module with the runtime.";
            }

            @Override
            public void migrate(List<String> modules, ClassLoader loader) throws Exception {
                DatabasePhase phase = java.util.Objects.requireNonNull(opened.get(), "the database closed");
                phase.migrate(new DatabasePhase.Context(settings.serviceName(), settings.environment(), modules, container,
                        settings.databaseSettings(), settings.testMode(), definedIn(modules)), loader);
            }
        };
    }

    List<String> needing() {
        return records.stream().filter(r -> r.descriptor.requiresDatabase()).map(r -> r.name).toList();
    }

    DatabasePhase.Context context() {
        List<String> needing = needing();
        return new DatabasePhase.Context(settings.serviceName(), settings.environment(), needing, container,
                settings.databaseSettings(), settings.testMode(), definedIn(needing));
    }

    /** The JPMS module of each named module's class, for those of the records (modules loaded at run time are not). */
    private java.util.Map<String, java.lang.Module> definedIn(List<String> names) {
        java.util.Map<String, java.lang.Module> modules = new java.util.HashMap<>();
        for (ModuleRecord r : records) {
            if (names.contains(r.name)) {
                modules.put(r.name, r.module.getClass().getModule());
            }
        }
        return modules;
    }

    /**
     * The database phase, when a module needs one: the builder's, or the one provider found. Found
     * before register, so that it can set up what modules use in onRegister; a missing or ambiguous
     * provider fails the start here, before any module registered.
     */
    @Nullable DatabasePhase find() {
        try {
            return lookUp();
        } catch (LifecycleException e) {
            // the failure is the database phase's, as listeners and the trace show it
            listeners.phaseStarted(Phase.DATABASE);
            listeners.phaseFinished(Phase.DATABASE, e);
            throw e;
        }
    }

    private @Nullable DatabasePhase lookUp() {
        List<String> needing = needing();
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

    /** Opens the phase under the hook timeout; what it returns is closed after the modules stop. */
    @Nullable AutoCloseable open(DatabasePhase phase) {
        DatabasePhase.Context context = context();
        AutoCloseable[] opened = new AutoCloseable[1];
        HookRunner.Result result = hooks.run("database phase " + phase.getClass().getName(),
                () -> opened[0] = phase.open(context), settings.hookTimeout());
        if (!result.ok()) {
            Throwable cause = result.failure();
            throw new LifecycleException("database", null, "The database could not be set up for module(s) "
                    + String.join(", ", needing()) + " (" + phase.getClass().getName() + "): " + cause
                    + ". Check the database settings and that the database answers.", cause);
        }
        return opened[0];
    }
}
