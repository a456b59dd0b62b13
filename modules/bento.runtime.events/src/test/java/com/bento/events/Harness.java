package com.bento.events;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import com.bento.data.Database;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Consumer;

/** Builds runtimes with the events module and a module that subscribes in its onRegister. */
final class Harness {
    private Harness() {
    }

    /** A module that needs the bus: it runs {@code onRegister} with the bus and the container. */
    @Requires("events")
    static final class Subscriber implements Module {
        private final Consumer<EventBus> subscribe;

        Subscriber(Consumer<EventBus> subscribe) {
            this.subscribe = subscribe;
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public void onRegister(Container container) {
            subscribe.accept(container.get("events", EventBus.class));
        }
    }

    static BentoRuntime start(RuntimeBuilder builder, EventSettings settings, Consumer<EventBus> subscribe) {
        BentoRuntime rt = builder.withListenerDiscovery(false).withService("events.settings", settings)
                .withModules(new EventsModule(), new Subscriber(subscribe)).build();
        rt.start();
        return rt;
    }

    static DefaultEventBus bus(BentoRuntime rt) {
        return (DefaultEventBus) rt.container().get(EventBus.KEY);
    }

    static Database database(BentoRuntime rt) {
        return rt.container().get("database", Database.class);
    }

    static long count(BentoRuntime rt, String where) throws Exception {
        try (Connection c = database(rt).dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from bento_outbox where " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void execute(BentoRuntime rt, String sql) throws Exception {
        try (Connection c = database(rt).dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Waits up to ten seconds for the condition. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
