package com.bento.test;

import com.bento.Module;
import com.bento.events.DeadLetter;
import com.bento.events.DomainEvent;
import com.bento.events.Event;
import com.bento.events.EventBus;
import com.bento.events.EventException;
import com.bento.events.EventHandler;
import com.bento.events.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link EventBus} for tests, without a database: it records what is published, in order, and
 * delivers to subscribers only when the test says so ({@link #deliverAll()}). Events are encoded
 * and handlers are subscribed exactly as by the outbox bus (same type names, payloads, unique
 * handler names, {@code @Subscribe} listeners); like the outbox, a delivery goes to the handlers
 * subscribed when the event was published. A handler that throws parks the delivery as a
 * {@link DeadLetter} at once (there are no retries to wait for); {@link #replay} puts it back.
 *
 * <pre>{@code
 * RecordingEventBus events = RecordingEventBus.create();
 * BentoRuntime rt = BentoRuntime.builder().withTestMode().withModules(new OrderingModule())
 *         .withStandIn(events.asModule()).build().start();
 * ... place an order ...
 * assertThat(events.published(OrderPlaced.class)).extracting(OrderPlaced::orderId).containsExactly("o-1");
 * events.deliverAll();
 * }</pre>
 *
 * <p>Safe to publish from many threads; {@link #deliverAll()} runs the handlers on the calling thread.
 */
public final class RecordingEventBus implements EventBus {
    private record Delivery(long id, Event event, String handler) {
    }

    private final Object lock = new Object();
    private final Clock clock;
    private final Subscriptions subscriptions = new Subscriptions();
    private final List<Event> published = new ArrayList<>();
    private final Deque<Delivery> due = new ArrayDeque<>();
    private final Map<Long, Delivery> parked = new java.util.LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long nextId = 1;

    private RecordingEventBus(Clock clock) {
        this.clock = clock;
    }

    /** @return an empty bus on the system clock */
    public static RecordingEventBus create() {
        return create(Clock.systemUTC());
    }

    /**
     * @param clock what {@link Event#occurredAt()} reads
     * @return an empty bus
     */
    public static RecordingEventBus create(Clock clock) {
        return new RecordingEventBus(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * @return a stand-in for Bento's events module (named {@code events}) that registers this bus as
     *         {@link EventBus#KEY}; give it to {@code RuntimeBuilder.withStandIn}
     */
    public Module asModule() {
        return MockModule.of(EventBus.KEY.name(), Map.of(EventBus.KEY.name(), this));
    }

    @Override
    public Event publish(DomainEvent event) {
        Event envelope = Event.of(event, clock.instant());
        synchronized (lock) {
            published.add(envelope);
            for (String handler : subscriptions.handlers(envelope.type())) {
                due.add(new Delivery(nextId++, envelope, handler));
            }
        }
        return envelope;
    }

    /** @return every event published so far, in publish order */
    public List<Event> published() {
        synchronized (lock) {
            return List.copyOf(published);
        }
    }

    /**
     * @param type an event record class
     * @param <E> its type
     * @return the published events of that type, decoded, in publish order
     */
    public <E extends DomainEvent> List<E> published(Class<E> type) {
        String name = Event.typeOf(type);
        return published().stream().filter(e -> e.type().equals(name)).map(e -> e.as(type)).toList();
    }

    /** @return how many deliveries wait for {@link #deliverAll()} */
    public int pending() {
        synchronized (lock) {
            return due.size();
        }
    }

    /**
     * Delivers what is due, oldest first, on this thread, until nothing is: events that handlers
     * publish meanwhile are delivered too.
     *
     * @return how many deliveries succeeded
     */
    public int deliverAll() {
        int delivered = 0;
        while (true) {
            Delivery d;
            synchronized (lock) {
                d = due.poll();
            }
            if (d == null) {
                return delivered;
            }
            try {
                subscriptions.deliver(d.handler(), d.event());
                delivered++;
            } catch (Exception e) {
                park(d, e);
            }
        }
    }

    private void park(Delivery d, Exception e) {
        String error = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        synchronized (lock) {
            parked.put(d.id(), d);
            deadLetters.add(new DeadLetter(d.id(), d.event().id(), d.event().type(), d.event().aggregateId(),
                    "handler:" + d.handler(), 1, error, Instant.now(clock)));
        }
    }

    /** Forgets what was published, due and parked; subscriptions stay. */
    public void clear() {
        synchronized (lock) {
            published.clear();
            due.clear();
            parked.clear();
            deadLetters.clear();
        }
    }

    @Override
    public <E extends DomainEvent> void subscribe(String name, Class<E> type, EventHandler<? super E> handler) {
        subscriptions.subscribe(name, type, handler);
    }

    @Override
    public void subscribe(String name, String eventType, EventHandler<Event> handler) {
        subscriptions.subscribe(name, eventType, handler);
    }

    @Override
    public void register(Object listener) {
        subscriptions.register(listener);
    }

    @Override
    public void register(Object listener, MethodHandles.Lookup lookup) {
        subscriptions.register(listener, lookup);
    }

    @Override
    public List<DeadLetter> deadLetters() {
        synchronized (lock) {
            return List.copyOf(deadLetters);
        }
    }

    @Override
    public void replay(long deliveryId) {
        synchronized (lock) {
            Delivery d = parked.remove(deliveryId);
            if (d == null) {
                throw new EventException("There is no dead letter with delivery id " + deliveryId + "; deadLetters() lists them");
            }
            deadLetters.removeIf(l -> l.deliveryId() == deliveryId);
            due.add(d);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RecordingEventBus[published=" + published.size() + ", due=" + due.size() + ", dead=" + deadLetters.size() + "]";
        }
    }
}
