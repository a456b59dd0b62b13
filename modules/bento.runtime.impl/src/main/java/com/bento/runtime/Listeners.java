package com.bento.runtime;

import com.bento.spi.Phase;
import com.bento.spi.RuntimeDescriptor;
import com.bento.spi.RuntimeListener;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Calls every listener, and keeps any listener's failure away from the runtime. */
final class Listeners {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private final List<RuntimeListener> listeners;
    /** One call at a time, also when the hooks of a parallel start report from several threads. */
    private final Object lock = new Object();

    Listeners(List<RuntimeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    List<RuntimeListener> all() {
        return listeners;
    }

    void startupBegan(RuntimeDescriptor runtime, Instant at) {
        each(l -> l.startupBegan(runtime, at));
    }

    void phaseStarted(Phase phase) {
        Instant at = Instant.now();
        each(l -> l.phaseStarted(phase, at));
    }

    void phaseFinished(Phase phase, @Nullable Throwable failure) {
        Instant at = Instant.now();
        each(l -> l.phaseFinished(phase, at, failure));
    }

    void moduleStarted(Phase phase, String module) {
        Instant at = Instant.now();
        each(l -> l.moduleStarted(phase, module, at));
    }

    void moduleFinished(Phase phase, String module, @Nullable Throwable failure) {
        Instant at = Instant.now();
        each(l -> l.moduleFinished(phase, module, at, failure));
    }

    void criticalPath(List<String> modules) {
        each(l -> l.criticalPath(modules));
    }

    void startupEnded(@Nullable Throwable failure) {
        Instant at = Instant.now();
        each(l -> l.startupEnded(at, failure));
    }

    void modulesLoaded(List<String> modules, List<String> sources, Instant began, @Nullable Throwable failure) {
        Instant at = Instant.now();
        each(l -> l.modulesLoaded(modules, sources, began, at, failure));
    }

    void modulesUnloaded(List<String> modules, Instant began, @Nullable Throwable failure) {
        Instant at = Instant.now();
        each(l -> l.modulesUnloaded(modules, began, at, failure));
    }

    private void each(Consumer<RuntimeListener> call) {
        synchronized (lock) {
            eachUnlocked(call);
        }
    }

    private void eachUnlocked(Consumer<RuntimeListener> call) {
        for (RuntimeListener l : listeners) {
            try {
                call.accept(l);
            } catch (Throwable t) {
                Failures.rethrowIfUnrecoverable(t);
                LOG.log(Level.WARNING, "Runtime listener " + l.getClass().getName()
                        + " failed; the runtime goes on without that event", t);
            }
        }
    }
}
