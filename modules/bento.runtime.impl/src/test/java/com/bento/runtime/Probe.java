package com.bento.runtime;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test modules that record every hook into a shared list, and can be told to fail or hang in a
 * phase. The subclasses give the shop's dependency graph through real {@link Requires} annotations.
 */
abstract class Probe implements Module {

    /** What a hook should do. */
    enum Hook { REGISTER, STARTUP, SHUTDOWN }

    /** A thread-safe record of events, in the order they happened. */
    static final class Events {
        final List<String> list = new CopyOnWriteArrayList<>();

        void add(String event) {
            list.add(event);
        }
    }

    private final Events events;
    private final Map<Hook, Throwable> failures = new EnumMap<>(Hook.class);
    private final Map<Hook, Long> hangs = new EnumMap<>(Hook.class);

    Probe(Events events) {
        this.events = events;
    }

    Probe failIn(Hook hook, Throwable failure) {
        failures.put(hook, failure);
        return this;
    }

    Probe hangIn(Hook hook, long millis) {
        hangs.put(hook, millis);
        return this;
    }

    private void hook(Hook hook, String label) throws Exception {
        events.add(name() + "." + label);
        Long hang = hangs.get(hook);
        if (hang != null) {
            Thread.sleep(hang);
        }
        Throwable failure = failures.get(hook);
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void onRegister(Container container) throws Exception {
        hook(Hook.REGISTER, "register");
        container.set(name() + ".service", new Closing(name(), events));
    }

    @Override
    public void onStartup(Container container) throws Exception {
        hook(Hook.STARTUP, "startup");
    }

    @Override
    public void onShutdown(Container container) throws Exception {
        hook(Hook.SHUTDOWN, "shutdown");
    }

    /** A service that records when it is closed. */
    record Closing(String owner, Events events) implements AutoCloseable {
        @Override
        public void close() {
            events.add(owner + ".service.close");
        }
    }

    static final class InfraModule extends Probe {
        InfraModule(Events events) {
            super(events);
        }
    }

    @Requires("infra")
    static final class CatalogModule extends Probe {
        CatalogModule(Events events) {
            super(events);
        }
    }

    @Requires({"infra", "catalog"})
    static final class OrderingModule extends Probe {
        OrderingModule(Events events) {
            super(events);
        }
    }

    @Requires("ordering")
    static final class PaymentsModule extends Probe {
        PaymentsModule(Events events) {
            super(events);
        }
    }

    @Requires("infra")
    static final class AuditModule extends Probe {
        AuditModule(Events events) {
            super(events);
        }
    }
}
