package com.bento.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import com.bento.events.DomainEvent;
import com.bento.events.Event;
import com.bento.events.EventBus;
import com.bento.events.EventException;
import com.bento.events.Subscribe;
import com.bento.runtime.BentoRuntime;
import java.lang.invoke.MethodHandles;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RecordingEventBusTest {

    public record OrderPlaced(String orderId, String sku, int quantity) implements DomainEvent {
        @Override
        public String aggregateId() {
            return orderId;
        }
    }

    public record OrderShipped(String orderId) implements DomainEvent {
        @Override
        public String aggregateId() {
            return orderId;
        }
    }

    @Test
    void publishedEventsAreRecordedInOrderAndNotDeliveredUntilAsked() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00.123456Z"), ZoneOffset.UTC);
        RecordingEventBus bus = RecordingEventBus.create(clock);
        List<String> seen = new ArrayList<>();
        bus.subscribe("stock", OrderPlaced.class, (e, envelope) -> seen.add(e.sku() + "@" + envelope.aggregateId()));
        Event first = bus.publish(new OrderPlaced("o-1", "tea", 2));
        bus.publish(new OrderShipped("o-1"));
        bus.publish(new OrderPlaced("o-2", "cake", 1));

        assertThat(first.type()).isEqualTo("OrderPlaced").isEqualTo(Event.typeOf(OrderPlaced.class));
        assertThat(first.payload()).containsEntry("sku", "tea").containsEntry("quantity", 2);
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00.123Z"));
        assertThat(bus.published()).extracting(Event::type).containsExactly("OrderPlaced", "OrderShipped", "OrderPlaced");
        assertThat(bus.published(OrderPlaced.class)).containsExactly(new OrderPlaced("o-1", "tea", 2),
                new OrderPlaced("o-2", "cake", 1));
        assertThat(seen).as("nothing delivered before deliverAll").isEmpty();
        assertThat(bus.pending()).isEqualTo(2);

        assertThat(bus.deliverAll()).isEqualTo(2);
        assertThat(seen).containsExactly("tea@o-1", "cake@o-2");
        assertThat(bus.deliverAll()).isZero();
    }

    @Test
    void aDeliveryGoesToTheHandlersSubscribedWhenTheEventWasPublished() {
        RecordingEventBus bus = RecordingEventBus.create();
        List<String> seen = new ArrayList<>();
        bus.publish(new OrderPlaced("o-1", "tea", 1));
        bus.subscribe("late", OrderPlaced.class, (e, envelope) -> seen.add(e.orderId()));
        bus.publish(new OrderPlaced("o-2", "tea", 1));
        bus.deliverAll();
        assertThat(seen).containsExactly("o-2");
    }

    @Test
    void eventsPublishedByHandlersAreDeliveredInTheSameCall() {
        RecordingEventBus bus = RecordingEventBus.create();
        List<String> seen = new ArrayList<>();
        bus.subscribe("ship", OrderPlaced.class, (e, envelope) -> bus.publish(new OrderShipped(e.orderId())));
        bus.subscribe("notify", "OrderShipped", (e, envelope) -> seen.add(envelope.aggregateId()));
        bus.publish(new OrderPlaced("o-9", "tea", 1));
        assertThat(bus.deliverAll()).isEqualTo(2);
        assertThat(seen).containsExactly("o-9");
    }

    @Test
    void aFailingHandlerParksItsDeliveryAndReplayPutsItBack() {
        RecordingEventBus bus = RecordingEventBus.create();
        boolean[] fail = {true};
        List<String> seen = new ArrayList<>();
        bus.subscribe("flaky", OrderPlaced.class, (e, envelope) -> {
            if (fail[0]) {
                throw new IllegalStateException("warehouse down");
            }
            seen.add(e.orderId());
        });
        bus.publish(new OrderPlaced("o-1", "tea", 1));
        assertThat(bus.deliverAll()).isZero();
        assertThat(bus.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.destination()).isEqualTo("handler:flaky");
            assertThat(d.lastError()).isEqualTo("java.lang.IllegalStateException: warehouse down");
            assertThat(d.eventType()).isEqualTo("OrderPlaced");
        });
        fail[0] = false;
        bus.replay(bus.deadLetters().get(0).deliveryId());
        assertThat(bus.deadLetters()).isEmpty();
        assertThat(bus.deliverAll()).isEqualTo(1);
        assertThat(seen).containsExactly("o-1");
        assertThatThrownBy(() -> bus.replay(42)).isInstanceOf(EventException.class)
                .hasMessage("There is no dead letter with delivery id 42; deadLetters() lists them");
    }

    @Test
    void subscribingFollowsTheOutboxBusRules() {
        RecordingEventBus bus = RecordingEventBus.create();
        bus.subscribe("stock", OrderPlaced.class, (e, envelope) -> { });
        assertThatThrownBy(() -> bus.subscribe("stock", "OrderShipped", (e, envelope) -> { }))
                .isInstanceOf(EventException.class).hasMessageContaining("An event handler named 'stock' is already subscribed");
        assertThatThrownBy(() -> bus.publish(new OrderPlaced(" ", "tea", 1))).isInstanceOf(EventException.class)
                .hasMessageContaining("has no aggregate id");
    }

    public static final class Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Subscribe("listener.placed")
        public void placed(OrderPlaced e) {
            seen.add("placed " + e.orderId());
        }

        @Subscribe("listener.shipped")
        public void shipped(OrderShipped e, Event envelope) {
            seen.add("shipped " + envelope.aggregateId());
        }
    }

    @Test
    void aListenersSubscribeMethodsAreCalled() {
        RecordingEventBus bus = RecordingEventBus.create();
        Listener listener = new Listener();
        bus.register(listener, MethodHandles.lookup());
        bus.publish(new OrderPlaced("o-1", "tea", 1));
        bus.publish(new OrderShipped("o-1"));
        bus.deliverAll();
        assertThat(listener.seen).containsExactly("placed o-1", "shipped o-1");
    }

    @Test
    void publishersOnManyThreadsAreAllRecorded() throws Exception {
        RecordingEventBus bus = RecordingEventBus.create();
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        bus.subscribe("count", OrderPlaced.class, (e, envelope) -> delivered.add(e.quantity()));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 100;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 100; i++) {
                    bus.publish(new OrderPlaced("o-" + (base + i), "tea", base + i));
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(bus.published()).hasSize(800);
        assertThat(bus.deliverAll()).isEqualTo(800);
        assertThat(delivered).hasSize(800).doesNotHaveDuplicates();
    }

    /** A module that publishes from onStartup, through the container's bus. */
    @Requires("events")
    public static final class OrderingModule implements Module {
        @Override
        public String name() {
            return "ordering";
        }

        @Override
        public void onStartup(Container container) {
            container.get(EventBus.KEY).publish(new OrderPlaced("o-7", "tea", 3));
        }
    }

    @Test
    void asModuleStandsInForTheEventsModuleOfARuntime() {
        RecordingEventBus bus = RecordingEventBus.create();
        try (BentoRuntime runtime = BentoRuntime.builder().withTestMode().withListenerDiscovery(false)
                .withModules(new OrderingModule()).withStandIn(bus.asModule()).build().start()) {
            assertThat(runtime.container().get(EventBus.KEY)).isSameAs(bus);
            assertThat(bus.published(OrderPlaced.class)).containsExactly(new OrderPlaced("o-7", "tea", 3));
        }
    }

    @Test
    void aMockModuleRegistersItsServicesAndShowsThemInItsName() {
        MockModule mock = MockModule.of("payments", Map.of("payments.gateway", "fake", "payments.clock", "fixed"));
        assertThat(mock.name()).isEqualTo("payments");
        assertThat(mock).hasToString("MockModule[payments, services=[payments.clock, payments.gateway]]");
        try (com.bento.runtime.StandaloneContainer c = com.bento.runtime.StandaloneContainer.create()) {
            mock.onRegister(c);
            assertThat(c.get("payments.gateway")).isEqualTo("fake");
        }
        assertThatThrownBy(() -> MockModule.of("payments", java.util.Collections.singletonMap("x", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("service 'x' of mock module 'payments'");
    }
}
