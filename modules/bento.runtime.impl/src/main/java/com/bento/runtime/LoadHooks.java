package com.bento.runtime;

import com.bento.LifecycleException;
import com.bento.spi.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs the hooks of loaded modules, one at a time on the runtime's hook thread, each under the hook
 * timeout, naming the module (so that the container records what it registers) and with its layer's
 * class loader as the thread's context loader.
 */
final class LoadHooks {

    /** The runtime's database, for loaded modules that need it. */
    interface Migrator {
        /** @return why loaded modules cannot use the database, or null when they can */
        @Nullable String unavailable();

        /** Runs the migrations of the named modules, whose scripts the loader sees. */
        void migrate(List<String> modules, ClassLoader loader) throws Exception;
    }

    private final DefaultContainer container;
    private final Migrator migrator;
    private final ThreadLocal<@Nullable String> currentModule;
    private final HookRunner hooks;
    private final Duration hookTimeout;

    LoadHooks(DefaultContainer container, ThreadLocal<@Nullable String> currentModule, HookRunner hooks,
              Duration hookTimeout, Migrator migrator) {
        this.container = container;
        this.migrator = migrator;
        this.currentModule = currentModule;
        this.hooks = hooks;
        this.hookTimeout = hookTimeout;
    }

    /** Where a load failed: the step, the module it was at, and why. */
    private record Failed(Phase phase, LayerLoader.Loaded at, Throwable cause) {
    }

    /** Registers, migrates, then starts the modules of one load; on a failure undoes exactly that. */
    void start(List<LayerLoader.Loaded> entries, List<Path> paths) {
        Set<String> names = new LinkedHashSet<>(names(entries));
        List<LayerLoader.Loaded> startedHere = new ArrayList<>();
        Failed failed = each(Phase.REGISTER, entries, e -> e.descriptor().module().onRegister(container), null);
        if (failed == null) {
            failed = migrate(entries);
        }
        if (failed == null) {
            failed = each(Phase.STARTUP, entries, e -> e.descriptor().module().onStartup(container), startedHere);
        }
        if (failed == null) {
            return;
        }
        Throwable cause = failed.cause();
        List<String> stopped = new ArrayList<>();
        List<Throwable> cleanup = takeDown(startedHere, entries, "The rollback went on.", e -> { }, stopped);
        Failures.rethrowIfUnrecoverable(cause);
        Throwable failure = failure(failed.phase(), failed.at(), cause, "The load of " + names + " from " + paths + " was undone:"
                + (stopped.isEmpty() ? "" : " the modules it had started were stopped in reverse order (" + String.join(", ",
                stopped) + "),") + " what they registered was removed, and the running modules are untouched.");
        cleanup.forEach(failure::addSuppressed);
        throw Failures.sneaky(failure);
    }

    /** A hook of each module in order, up to the first that fails; those that succeed go to {@code done}. */
    private @Nullable Failed each(Phase phase, List<LayerLoader.Loaded> entries, Step step,
                                  @Nullable List<LayerLoader.Loaded> done) {
        for (LayerLoader.Loaded e : entries) {
            HookRunner.Result r = run(phase, e, () -> step.run(e));
            if (!r.ok()) {
                return new Failed(phase, e, java.util.Objects.requireNonNull(r.failure()));
            }
            if (done != null) {
                done.add(e);
            }
        }
        return null;
    }

    /** One hook of one module. */
    private interface Step {
        void run(LayerLoader.Loaded e) throws Exception;
    }

    /** The migrations of the modules that need the database, in one pass, as a start runs them. */
    private @Nullable Failed migrate(List<LayerLoader.Loaded> entries) {
        List<LayerLoader.Loaded> needing = entries.stream().filter(e -> e.descriptor().requiresDatabase()).toList();
        if (needing.isEmpty()) {
            return null;
        }
        List<String> modules = names(needing);
        ClassLoader loader = needing.get(0).descriptor().providerType().getClassLoader(); // one layer, one loader
        HookRunner.Result r = hooks.run("the migrations of " + modules, () -> migrator.migrate(modules, loader), hookTimeout);
        return r.ok() ? null : new Failed(Phase.DATABASE, needing.get(0), java.util.Objects.requireNonNull(r.failure()));
    }

    /**
     * Stops {@code started}, the last first, then has the services that hold other modules' things
     * let go of every one of {@code all} and removes what they registered: the end of a load that
     * failed, and of an unload. Every step is attempted; an unrecoverable error is rethrown once the
     * hooks ran.
     *
     * @param beforeStop told of each module just before its onShutdown
     * @param stopped where the names go, in the order they stopped
     * @return the failures, in the order they happened
     */
    List<Throwable> takeDown(List<LayerLoader.Loaded> started, List<LayerLoader.Loaded> all, String aftermath,
                             java.util.function.Consumer<LayerLoader.Loaded> beforeStop, List<String> stopped) {
        List<Throwable> failures = new ArrayList<>();
        for (int i = started.size() - 1; i >= 0; i--) {
            LayerLoader.Loaded e = started.get(i);
            beforeStop.accept(e);
            HookRunner.Result r = run(Phase.SHUTDOWN, e, () -> e.descriptor().module().onShutdown(container));
            stopped.add(e.name());
            if (!r.ok()) {
                failures.add(failure(Phase.SHUTDOWN, e, r.failure(), aftermath));
            }
        }
        failures.forEach(Failures::rethrowIfUnrecoverable);
        for (LayerLoader.Loaded e : all) {
            forget(e, failures);
        }
        failures.addAll(container.removeOwnedBy(new LinkedHashSet<>(names(all))));
        return failures;
    }

    /** Tells the services that hold things of other modules to let go of this one's. */
    private void forget(LayerLoader.Loaded e, List<Throwable> failures) {
        java.lang.Module classes = e.descriptor().providerType().getModule();
        for (Object service : container.instances()) {
            if (service instanceof com.bento.spi.UnloadAware aware) {
                try {
                    aware.moduleUnloaded(e.name(), classes);
                } catch (RuntimeException failure) {
                    failures.add(new LifecycleException("shutdown", e.name(), service.getClass().getName()
                            + ".moduleUnloaded failed for module '" + e.name() + "': " + failure + ". The module was"
                            + " unloaded all the same; what that service still holds of it keeps its classes loaded.",
                            failure));
                }
            }
        }
    }

    /** Runs one hook of a loaded module on the hook thread, naming the module and with its loader as context. */
    HookRunner.Result run(Phase phase, LayerLoader.Loaded e, HookRunner.Hook body) {
        String label = "on" + ModuleHooks.capitalize(phase.label()) + " of module '" + e.name() + "'";
        ClassLoader loader = e.descriptor().providerType().getClassLoader();
        return hooks.run(label, () -> {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            currentModule.set(e.name());
            thread.setContextClassLoader(loader);
            try {
                body.run();
            } finally {
                thread.setContextClassLoader(before);
                currentModule.remove();
            }
        }, hookTimeout);
    }

    static Throwable failure(Phase phase, LayerLoader.Loaded e, @Nullable Throwable cause, String aftermath) {
        if (cause instanceof Error) {
            return cause;
        }
        if (phase == Phase.DATABASE) {
            return new LifecycleException(phase.label(), e.name(), "The migrations of module '" + e.name() + "' (loaded from "
                    + e.load().paths + ") failed: " + cause + ". " + aftermath + " Fix its scripts under "
                    + "META-INF/bento/migrations/" + e.name() + "/; what a script changed before it failed stays.", cause);
        }
        String hook = "on" + ModuleHooks.capitalize(phase.label());
        return new LifecycleException(phase.label(), e.name(), "Module '" + e.name() + "' (loaded from " + e.load().paths
                + ") failed in " + hook + ": " + cause + ". " + aftermath + " Fix the cause in "
                + e.descriptor().providerType().getName() + "." + hook + ".", cause);
    }

    private static List<String> names(List<LayerLoader.Loaded> list) {
        return list.stream().map(LayerLoader.Loaded::name).toList();
    }
}
