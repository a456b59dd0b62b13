package com.bento.bench.events;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import com.bento.data.Database;
import com.bento.events.DomainEvent;
import com.bento.events.EventBus;
import com.bento.events.EventSettings;
import com.bento.events.EventsModule;
import com.bento.runtime.BentoRuntime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbox throughput on PostgreSQL at 127.0.0.1:5432 (database test): how many events per second are
 * committed (one event per unit of work with a row of the application's own, as a request would), and
 * how many per second one relay, then two relays (two runtimes sharing the outbox), deliver to an
 * in-process handler (from its first delivery to its last) and mark done. Each figure is the median of the rounds; rounds alternate the
 * measurements. Usage: {@code java -cp bench/target/benchmarks.jar com.bento.bench.events.OutboxThroughput
 * [events per round] [rounds] [publisher threads] [aggregates]}.
 */
public final class OutboxThroughput {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private OutboxThroughput() {
    }

    /**
     * A benchmark event.
     *
     * @param orderId the aggregate
     * @param n a number
     */
    public record Placed(String orderId, int n) implements DomainEvent {
        @Override
        public String aggregateId() {
            return orderId;
        }
    }

    /** Subscribes the counting handler. */
    @Requires("events")
    static final class Counter implements Module {
        final AtomicLong delivered;

        Counter(AtomicLong delivered) {
            this.delivered = delivered;
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public void onRegister(Container container) {
            container.get("events", EventBus.class).subscribe("bench.counter", Placed.class, (e, env) -> {
                long now = System.nanoTime();
                FIRST.compareAndSet(0, now);
                LAST.accumulateAndGet(now, Math::max);
                delivered.incrementAndGet();
            });
        }
    }

    static void reset() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("drop table if exists bento_outbox, bento_processed_event, bento_schema_events, bento_schema_counter, bench_order,"
                    + " bento_migration_history, bento_schema_state");
        }
    }

    static BentoRuntime runtime(String name, boolean relay, AtomicLong delivered) {
        BentoRuntime rt = BentoRuntime.builder().withConfig(name, "test").withListenerDiscovery(false)
                .withDatabase(URL, "postgres", "")
                .withService("events.settings", EventSettings.builder().relay(relay).pollInterval(Duration.ofMillis(20)).build())
                .withModules(new EventsModule(), new Counter(delivered)).build();
        rt.start();
        return rt;
    }

    static long pending() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from bento_outbox where status <> 'DONE'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Aggregates the events are spread over (order is kept per aggregate). */
    static int aggregates = 200;

    /** @return events committed per second */
    static double publish(BentoRuntime rt, int events, int threads) throws Exception {
        Database db = rt.container().get("database", Database.class);
        EventBus bus = rt.container().get("events", EventBus.class);
        db.unitOfWork().run(c -> c.createStatement().execute("create table if not exists bench_order (id varchar(40) primary key)"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < events; i += threads) {
                        String id = "o-" + System.nanoTime() + "-" + i;
                        int n = i;
                        db.unitOfWork().run(c -> {
                            try (PreparedStatement p = c.prepareStatement("insert into bench_order values (?)")) {
                                p.setString(1, id);
                                p.executeUpdate();
                            }
                            bus.publish(new Placed("agg-" + (n % aggregates), n));
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return events / ((System.nanoTime() - t0) / 1e9);
    }

    /** When the handler saw the first and the last event of a drain: the relays' runtimes start before it. */
    static final AtomicLong FIRST = new AtomicLong();
    static final AtomicLong LAST = new AtomicLong();

    /**
     * @return events delivered per second by the given number of relays, from the first delivery to
     *     the last (a relay starts delivering while the next runtime still starts)
     */
    static double drain(int relays, int events) throws Exception {
        AtomicLong delivered = new AtomicLong();
        FIRST.set(0);
        LAST.set(0);
        List<BentoRuntime> rts = new ArrayList<>();
        for (int i = 0; i < relays; i++) {
            rts.add(runtime("outbox-relay-" + i, true, delivered));
        }
        while (pending() > 0) {
            Thread.sleep(5);
        }
        double rate = (events - 1) / ((LAST.get() - FIRST.get()) / 1e9);
        rts.forEach(BentoRuntime::close);
        if (delivered.get() < events) {
            throw new IllegalStateException("delivered " + delivered.get() + " of " + events);
        }
        return rate;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /**
     * @param args events per round, rounds, publisher threads
     * @throws Exception when PostgreSQL fails
     */
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        aggregates = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        List<Double> commit = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            for (int relays = 1; relays <= 2; relays++) {
                reset();
                BentoRuntime publisher = runtime("outbox-publisher", false, new AtomicLong());
                double c = publish(publisher, events, threads);
                publisher.close();
                double d = drain(relays, events);
                if (r >= 0) {
                    if (relays == 1) {
                        commit.add(c);
                        one.add(d);
                    } else {
                        two.add(d);
                    }
                }
                System.out.printf("round %d: committed %.0f events/s (%d threads), %d relay(s) delivered %.0f events/s%n", r, c,
                        threads, relays, d);
            }
        }
        reset();
        System.out.printf("median of %d rounds, %d events over %d aggregates each: commit %.0f events/s; relay x1 %.0f events/s;"
                + " relay x2 %.0f events/s%n", rounds, events, aggregates, median(commit), median(one), median(two));
    }
}
