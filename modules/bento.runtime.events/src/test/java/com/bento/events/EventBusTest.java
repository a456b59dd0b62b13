package com.bento.events;

import static com.bento.events.Harness.await;
import static com.bento.events.Harness.bus;
import static com.bento.events.Harness.count;
import static com.bento.events.Harness.database;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.contracts.EventValidationException;
import com.bento.events.fixture.Numbered;
import com.bento.events.fixture.OrderPlaced;
import com.bento.runtime.BentoRuntime;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus on the embedded H2 database: transactional publishing, isolation, retries, dead letters, contracts. */
class EventBusTest {
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private BentoRuntime rt;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private static EventSettings fast(int attempts) {
        return EventSettings.builder().maxAttempts(attempts).backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .pollInterval(Duration.ofMillis(20)).build();
    }

    private BentoRuntime start(EventSettings settings, java.util.function.Consumer<EventBus> subscribe) {
        rt = Harness.start(BentoRuntime.builder().withConfig("events-" + SERVICES.incrementAndGet(), "test"), settings, subscribe);
        return rt;
    }

    @Test
    void anEventPublishedInARolledBackUnitOfWorkDoesNotExist() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        start(fast(3), bus -> bus.subscribe("seen", OrderPlaced.class, (e, env) -> seen.add(e)));
        Harness.execute(rt, "create table shop_order (id varchar(20) primary key)");
        assertThatThrownBy(() -> database(rt).unitOfWork().run(c -> {
            try (PreparedStatement p = c.prepareStatement("insert into shop_order values ('o-1')")) {
                p.executeUpdate();
            }
            bus(rt).publish(new OrderPlaced("o-1", "tea", 2, 700));
            throw new IllegalStateException("payment refused");
        })).hasMessage("payment refused");
        assertThat(count(rt, "1 = 1")).isZero();
        assertThat(bus(rt).deliverDue()).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    void aCommittedEventReachesEveryHandlerOnlyAfterTheCommit() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        start(fast(3), bus -> {
            bus.subscribe("billing", OrderPlaced.class, (e, env) -> log.add("billing " + e + " " + env.id()));
            bus.subscribe("stock", OrderPlaced.class, (e, env) -> log.add("stock " + e.sku() + " " + env.topic()));
            bus.subscribe("by-name", "OrderPlaced", (e, env) -> log.add("by name " + e.payload().get("total_cents")
                    + " " + (e == env)));
        });
        Event[] published = new Event[1];
        database(rt).unitOfWork().run(c -> {
            published[0] = bus(rt).publish(new OrderPlaced("o-2", "tea", 2, 700));
            Thread.sleep(100); // the relay polls every 20 ms: it must not see the uncommitted rows
            log.add("committing");
        });
        await("three deliveries", () -> log.size() == 4);
        assertThat(log.get(0)).isEqualTo("committing");
        assertThat(log.subList(1, 4)).containsExactlyInAnyOrder(
                "billing OrderPlaced[orderId=o-2, sku=tea, quantity=2, totalCents=700] " + published[0].id(),
                "stock tea OrderPlaced", "by name 700 true");
        assertThat(published[0].payload()).containsExactly(Map.entry("order_id", "o-2"), Map.entry("sku", "tea"),
                Map.entry("quantity", 2), Map.entry("total_cents", 700L));
        await("rows marked done", () -> {
            try {
                return count(rt, "status = 'DONE'") == 3;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aFailingHandlerIsRetriedThenParkedWithoutHoldingBackTheOthersAndCanBeReplayed() throws Exception {
        AtomicInteger good = new AtomicInteger();
        AtomicInteger tries = new AtomicInteger();
        AtomicBoolean fixed = new AtomicBoolean();
        start(fast(3), bus -> {
            bus.subscribe("good", OrderPlaced.class, (e, env) -> good.incrementAndGet());
            bus.subscribe("poison", OrderPlaced.class, (e, env) -> {
                tries.incrementAndGet();
                if (!fixed.get()) {
                    throw new IllegalStateException("cannot reserve " + e.sku());
                }
            });
        });
        Event e = bus(rt).publish(new OrderPlaced("o-3", "tea", 1, 350));
        await("the dead letter", () -> !bus(rt).deadLetters().isEmpty());
        assertThat(good.get()).isEqualTo(1);
        assertThat(tries.get()).isEqualTo(3);
        DeadLetter dead = bus(rt).deadLetters().get(0);
        assertThat(dead.eventId()).isEqualTo(e.id());
        assertThat(dead.destination()).isEqualTo("handler:poison");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).isEqualTo("java.lang.IllegalStateException: cannot reserve tea");
        Thread.sleep(100);
        assertThat(tries.get()).as("a parked delivery is not tried again").isEqualTo(3);

        fixed.set(true);
        bus(rt).replay(dead.deliveryId());
        await("the replay", () -> tries.get() == 4);
        await("no dead letters", () -> bus(rt).deadLetters().isEmpty());
        assertThat(good.get()).isEqualTo(1);
        assertThatThrownBy(() -> bus(rt).replay(dead.deliveryId())).isInstanceOf(EventException.class)
                .hasMessage("There is no dead letter with delivery id " + dead.deliveryId() + "; deadLetters() lists them");
    }

    @Test
    void deliveredRowsAndAppliedEventRecordsPastTheirRetentionArePurgedAndDeadLettersStay() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        // no relay thread: its own first purge would race this test's; deliverDue() delivers here instead
        start(EventSettings.builder().maxAttempts(1).relay(false).retention(Duration.ofMillis(1)).build(),
                bus -> {
                    bus.subscribe("fine", Numbered.class, (e, env) -> delivered.incrementAndGet());
                    bus.subscribe("broken", Numbered.class, (e, env) -> {
                        throw new IllegalStateException("always");
                    });
                });
        bus(rt).publish(new Numbered("r", 1));
        assertThat(bus(rt).deliverDue()).isEqualTo(1);
        assertThat(delivered).hasValue(1);
        assertThat(bus(rt).deadLetters()).hasSize(1);
        assertThat(count(rt, "status = 'DONE'")).isEqualTo(1);
        long now = System.currentTimeMillis();
        Harness.execute(rt, "insert into bento_processed_event values ('stock', 'e-old', " + (now - Duration.ofDays(31).toMillis())
                + "), ('stock', 'e-recent', " + (now - Duration.ofDays(29).toMillis()) + ")");
        Thread.sleep(10);
        assertThat(bus(rt).purgeExpired()).as("one outbox row and one applied-event record").isEqualTo(2);
        assertThat(count(rt, "1 = 1")).as("the dead letter stays").isEqualTo(1);
        assertThat(bus(rt).deadLetters()).hasSize(1);
        IdempotentConsumer once = rt.container().get("events.idempotency", IdempotentConsumer.class);
        assertThat(once.processed("stock", "e-old")).as("past the 30 days of processed-retention").isFalse();
        assertThat(once.processed("stock", "e-recent")).isTrue();
    }

    @Test
    void aBusyAggregateDrainsABatchPerTransactionAndStopsAtItsFirstFailure() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failTen = new java.util.concurrent.atomic.AtomicBoolean(true);
        start(EventSettings.builder().relay(false).maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(1)).build(),
                bus -> bus.subscribe("seen", Numbered.class, (e, env) -> {
                    if (e.n() == 10 && failTen.getAndSet(false)) {
                        throw new IllegalStateException("once");
                    }
                    seen.add(e.n());
                }));
        database(rt).unitOfWork().run(c -> {
            for (int n = 1; n <= 30; n++) {
                bus(rt).publish(new Numbered("hot", n));
            }
        });
        DefaultEventBus bus = bus(rt);
        assertThat(bus.relayOnce()).as("rows locked, delivered: one transaction takes the head and the 29 behind it")
                .containsExactly(30, 9);
        assertThat(seen).as("delivered up to the failure, nothing after it").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(count(rt, "status = 'PENDING' and attempts = 0")).as("the rows behind the failure, untouched").isEqualTo(20);
        Thread.sleep(20); // the retry's backoff is 1 ms
        assertThat(bus.relayOnce()).containsExactly(21, 21);
        assertThat(seen).hasSize(30).isSorted();
    }

    @Test
    void anAggregatesEventsArriveInOrderEvenWhenOneIsRetried() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        start(fast(5), bus -> bus.subscribe("ordered", Numbered.class, (e, env) -> {
            if (e.n() == 1 && failures.computeIfAbsent(e.aggregate(), a -> new AtomicInteger()).incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            order.add(e.aggregate() + e.n());
        }));
        database(rt).unitOfWork().run(c -> {
            for (int n = 1; n <= 4; n++) {
                bus(rt).publish(new Numbered("a", n));
                bus(rt).publish(new Numbered("b", n));
            }
        });
        await("eight deliveries", () -> order.size() == 8);
        assertThat(order.stream().filter(s -> s.startsWith("a"))).containsExactly("a1", "a2", "a3", "a4");
        assertThat(order.stream().filter(s -> s.startsWith("b"))).containsExactly("b1", "b2", "b3", "b4");
        assertThat(failures.get("a").get()).isEqualTo(3);
    }

    /** A listener with annotated handlers. */
    public static final class Listener {
        final List<String> got = new CopyOnWriteArrayList<>();

        /** @param e an event */
        @Subscribe
        public void on(Numbered e) {
            got.add("plain " + e.n());
        }

        /**
         * @param e an event
         * @param envelope its envelope
         */
        @Subscribe("audit")
        public void audit(Numbered e, Event envelope) {
            got.add("audit " + e.n() + " " + envelope.type());
        }
    }

    /** A listener whose method is not public: reached through its own lookup. */
    static final class Hidden {
        final List<Integer> got = new CopyOnWriteArrayList<>();

        @Subscribe
        void on(Numbered e) {
            got.add(e.n());
        }
    }

    @Test
    void annotatedMethodsSubscribeByNameAndWrongSignaturesAreRefused() throws Exception {
        Listener listener = new Listener();
        Hidden hidden = new Hidden();
        start(fast(3), bus -> {
            bus.register(listener);
            bus.register(hidden, java.lang.invoke.MethodHandles.lookup());
        });
        bus(rt).publish(new Numbered("x", 7));
        await("three handlers", () -> listener.got.size() == 2 && hidden.got.size() == 1);
        assertThat(listener.got).containsExactlyInAnyOrder("plain 7", "audit 7 Numbered");
        assertThatThrownBy(() -> bus(rt).register(new Hidden())).isInstanceOf(EventException.class)
                .hasMessageContaining("Hidden.on cannot be called by the event bus").hasMessageContaining("MethodHandles.lookup()");
        assertThatThrownBy(() -> bus(rt).register(new Listener())).isInstanceOf(EventException.class)
                .hasMessage("An event handler named 'audit' is already subscribed (to " + Numbered.class.getName()
                        + "); names must be unique and stable, as pending deliveries are addressed to them");
        assertThatThrownBy(() -> bus(rt).register(new Object() {
            @Subscribe
            public void wrong(String s) {
            }
        })).isInstanceOf(EventException.class).hasMessageContaining("must be an instance method taking (SomeEvent) or (SomeEvent, Event)");
    }

    @Test
    void withContractsTheEventIsValidatedBeforeItIsStoredAndRoutedToItsTopic() throws Exception {
        List<Event> got = new CopyOnWriteArrayList<>();
        rt = Harness.start(BentoRuntime.builder().withConfig("events-contracts", "test")
                .withContracts(Path.of("src/test/resources/contracts"), true), fast(3), bus -> {
                    bus.subscribe("orders", OrderPlaced.class, (e, env) -> got.add(env));
                    bus.subscribe("numbers", Numbered.class, (e, env) -> got.add(env));
                });
        assertThatThrownBy(() -> bus(rt).publish(new OrderPlaced("o-9", "tea", 0, 0)))
                .isInstanceOf(EventValidationException.class).hasMessageContaining("$.quantity");
        assertThatThrownBy(() -> bus(rt).publish(new Numbered("n", 1))).isInstanceOf(EventException.class)
                .hasMessageStartingWith("Event Numbered cannot be published: the contracts have no route for it")
                .hasMessageEndingWith("Add a route with event_type: Numbered to the contracts' routing/*.yaml");
        assertThat(count(rt, "1 = 1")).as("nothing stored for invalid events").isZero();
        bus(rt).publish(new OrderPlaced("o-9", "tea", 1, 350));
        await("the delivery", () -> got.size() == 1);
        assertThat(got.get(0).topic()).isEqualTo("shop.orders.placed");
    }

    @Test
    void theIdempotentConsumerAppliesAnEventOncePerConsumer() throws Exception {
        start(fast(3), bus -> {
        });
        IdempotentConsumer once = rt.container().get("events.idempotency", IdempotentConsumer.class);
        Harness.execute(rt, "create table applied (n int)");
        UnitOfWorkCount apply = new UnitOfWorkCount();
        assertThat(once.handleOnce("stock", "e-1", apply)).isTrue();
        assertThat(once.handleOnce("stock", "e-1", apply)).isFalse();
        assertThat(once.handleOnce("billing", "e-1", apply)).isTrue();
        assertThat(apply.rows(rt)).isEqualTo(2);
        assertThatThrownBy(() -> once.handleOnce("stock", "e-2", c -> {
            apply.run(c);
            throw new IllegalStateException("half done");
        })).hasMessage("half done");
        assertThat(once.processed("stock", "e-2")).as("a failed application is not recorded").isFalse();
        assertThat(apply.rows(rt)).isEqualTo(2);
        assertThat(once.handleOnce("stock", "e-2", apply)).isTrue();
        assertThat(apply.rows(rt)).isEqualTo(3);
        // inside an outer unit of work, a repeat leaves the outer transaction usable
        database(rt).unitOfWork().run(c -> {
            assertThat(once.handleOnce("stock", "e-2", apply)).isFalse();
            apply.run(c);
        });
        assertThat(apply.rows(rt)).isEqualTo(4);
    }

    /** Inserts a row into {@code applied}. */
    static final class UnitOfWorkCount implements com.bento.data.UnitOfWork.VoidWork {
        @Override
        public void run(java.sql.Connection c) throws Exception {
            try (PreparedStatement p = c.prepareStatement("insert into applied values (1)")) {
                p.executeUpdate();
            }
        }

        long rows(BentoRuntime rt) throws Exception {
            try (java.sql.Connection c = database(rt).dataSource().getConnection(); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet r = s.executeQuery("select count(*) from applied")) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
