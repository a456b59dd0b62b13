package com.bento.events;

import static com.bento.events.Harness.await;
import static com.bento.events.Harness.bus;
import static com.bento.events.Harness.count;
import static com.bento.events.Harness.database;
import static org.assertj.core.api.Assertions.assertThat;

import com.bento.events.fixture.Numbered;
import com.bento.runtime.BentoRuntime;
import com.bento.testsupport.RequiresServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox on the real PostgreSQL at 127.0.0.1:5432 (database test): two relays sharing it, a
 * crash between commit and delivery, a poison event. Skipped with the reason when the server does not
 * answer, except under CI=true, where that fails.
 */
@RequiresServer(name = "PostgreSQL", port = 5432)
class PostgresOutboxTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    private final List<BentoRuntime> runtimes = new ArrayList<>();

    @BeforeEach
    @AfterEach
    void dropAndClose() throws Exception {
        runtimes.forEach(BentoRuntime::close);
        runtimes.clear();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("drop table if exists bento_outbox, bento_processed_event, bento_schema_events, bento_schema_subscriber,"
                    + " bento_migration_history, bento_schema_state,"
                    + " crash_order");
        }
    }

    private BentoRuntime start(String service, EventSettings settings, java.util.function.Consumer<EventBus> subscribe) {
        BentoRuntime rt = Harness.start(BentoRuntime.builder().withConfig(service, "test").withDatabase(URL, USER, ""),
                settings, subscribe);
        runtimes.add(rt);
        return rt;
    }

    @Test
    void twoRelaysOnOneOutboxDeliverEachRowOnceAndNeverAtTheSameTimeInOrderPerAggregate() throws Exception {
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        Map<String, List<Integer>> perAggregate = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
        EventSettings settings = EventSettings.builder().pollInterval(Duration.ofMillis(10)).batchSize(10).build();
        for (String instance : List.of("relay-a", "relay-b")) {
            start("outbox-" + instance, settings, bus -> bus.subscribe("counter", Numbered.class, (e, env) -> {
                if (!inFlight.add(env.id())) {
                    overlaps.add(env.id());
                }
                try {
                    Thread.sleep(1); // widen the window in which the other relay could take the same row
                    deliveries.computeIfAbsent(env.id(), k -> new AtomicInteger()).incrementAndGet();
                    perAggregate.computeIfAbsent(e.aggregate(), k -> new CopyOnWriteArrayList<>()).add(e.n());
                    byInstance.computeIfAbsent(instance, k -> new AtomicInteger()).incrementAndGet();
                } finally {
                    inFlight.remove(env.id());
                }
            }));
        }
        BentoRuntime a = runtimes.get(0);
        int aggregates = 20;
        int perEach = 20;
        for (int n = 1; n <= perEach; n++) {
            int k = n;
            database(a).unitOfWork().run(c -> {
                for (int g = 0; g < aggregates; g++) {
                    bus(a).publish(new Numbered("agg-" + g, k));
                }
            });
        }
        await("every delivery", () -> deliveries.size() == aggregates * perEach
                && deliveries.values().stream().mapToInt(AtomicInteger::get).sum() >= aggregates * perEach);
        Thread.sleep(200); // a duplicate would show up now
        assertThat(overlaps).as("rows delivered twice at the same time").isEmpty();
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(perAggregate).hasSize(aggregates);
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, perEach).boxed().toList();
        perAggregate.forEach((agg, ns) -> assertThat(ns).as(agg).containsExactlyElementsOf(expected));
        assertThat(byInstance.keySet()).as("both relays delivered: %s", byInstance).containsExactlyInAnyOrder("relay-a", "relay-b");
        assertThat(count(a, "status = 'DONE'")).isEqualTo((long) aggregates * perEach);
    }

    @Test
    void aPoisonEventIsParkedAfterTheRetryLimitAndTheAggregatesNextEventThenFlows() throws Exception {
        List<Integer> got = new CopyOnWriteArrayList<>();
        AtomicInteger poisonTries = new AtomicInteger();
        BentoRuntime rt = start("outbox-poison", EventSettings.builder().maxAttempts(4)
                .backoff(Duration.ofMillis(5), Duration.ofMillis(40)).pollInterval(Duration.ofMillis(10)).build(),
                bus -> bus.subscribe("picky", Numbered.class, (e, env) -> {
                    if (e.n() == 1) {
                        poisonTries.incrementAndGet();
                        throw new IllegalArgumentException("event 1 is poison");
                    }
                    got.add(e.n());
                }));
        database(rt).unitOfWork().run(c -> {
            bus(rt).publish(new Numbered("p", 1));
            bus(rt).publish(new Numbered("p", 2));
        });
        await("event 2", () -> got.size() == 1);
        assertThat(poisonTries.get()).isEqualTo(4);
        assertThat(got).containsExactly(2);
        assertThat(bus(rt).deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(4);
            assertThat(d.lastError()).isEqualTo("java.lang.IllegalArgumentException: event 1 is poison");
        });
    }

    /**
     * The child: publishes an event in a unit of work with a row of its own, and halts the JVM right
     * after the commit, before its relay could deliver (the halt is the first after-commit action).
     */
    public static final class CrashingPublisher {
        private CrashingPublisher() {
        }

        /**
         * @param args unused
         * @throws Exception never
         */
        public static void main(String[] args) throws Exception {
            BentoRuntime rt = Harness.start(BentoRuntime.builder().withConfig("outbox-crash", "test").withDatabase(URL, USER, ""),
                    EventSettings.builder().pollInterval(Duration.ofMinutes(1)).build(),
                    bus -> bus.subscribe("crash.handler", Numbered.class, (e, env) -> System.out.println("DELIVERED IN CHILD")));
            Harness.execute(rt, "create table crash_order (id varchar(20) primary key)");
            database(rt).unitOfWork().run(c -> {
                database(rt).unitOfWork().afterCommit(() -> {
                    System.out.println("COMMITTED");
                    System.out.flush();
                    Runtime.getRuntime().halt(7);
                });
                try (PreparedStatement p = c.prepareStatement("insert into crash_order values ('c-1')")) {
                    p.executeUpdate();
                }
                bus(rt).publish(new Numbered("c-1", 1));
            });
            System.out.println("NOT HALTED");
        }
    }

    @Test
    void anEventCommittedJustBeforeTheJvmDiedIsDeliveredAfterTheRestart() throws Exception {
        Path testClasses = Path.of(CrashingPublisher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String cp = String.join(File.pathSeparator, testClasses.toString(), System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                CrashingPublisher.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(7);
        assertThat(output).contains("COMMITTED").doesNotContain("DELIVERED IN CHILD", "NOT HALTED");

        List<Event> got = new CopyOnWriteArrayList<>();
        BentoRuntime rt = start("outbox-crash", EventSettings.builder().pollInterval(Duration.ofMillis(20)).build(),
                bus -> bus.subscribe("crash.handler", Numbered.class, (e, env) -> got.add(env)));
        await("the delivery after the restart", () -> got.size() == 1);
        assertThat(got.get(0).aggregateId()).isEqualTo("c-1");
        await("the row marked done", () -> {
            try {
                return count(rt, "status = 'DONE'") == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
