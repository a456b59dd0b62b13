package com.bento.events;

import com.bento.ServiceKey;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Domain events between modules, in the container under {@code events} (and injectable in
 * Micronaut). Modules that use it declare {@code @Requires("events")}.
 *
 * <p>{@link #publish} writes the event to the outbox table: in the transaction of the unit of work
 * running on the thread, so the event exists only if the data it describes was committed, or in a
 * transaction of its own when none runs. Each subscribed handler (and each external publisher) gets
 * its own outbox row, delivered by the relay after the commit: at least once, in publication order
 * per aggregate, retried with exponential backoff up to {@link EventSettings#maxAttempts()} attempts,
 * then parked as a {@link DeadLetter}. One failing handler does not hold back the others.
 *
 * <p>When contracts are loaded, the payload is checked against {@code events/<type>.schema.json}
 * before it is stored, and the topic is the one the routing matrix gives; an event type without a
 * route cannot be published.
 */
public interface EventBus {

    /** The event bus. */
    ServiceKey<EventBus> KEY = ServiceKey.of("events", EventBus.class);

    /**
     * Publishes an event.
     *
     * @param event the event
     * @return its envelope, with the id consumers deduplicate by
     * @throws EventException when the event cannot be encoded, has no route in the contracts or no
     *         subscriber was ever possible; {@code EventValidationException} when it breaks its schema
     */
    Event publish(DomainEvent event);

    /**
     * Subscribes a handler to an event class. Subscribe in {@code onRegister}: events published
     * before a handler subscribed are not delivered to it.
     *
     * @param name the handler's name, stable across restarts (its pending deliveries carry it)
     * @param type the event's record class
     * @param handler the handler
     * @param <E> the event type
     * @throws EventException when the name is taken
     */
    <E extends DomainEvent> void subscribe(String name, Class<E> type, EventHandler<? super E> handler);

    /**
     * Subscribes a handler to an event type by name, receiving the envelope with its payload as maps:
     * for a consumer that knows the event only from the contracts (its schema), not from the
     * producer's classes, as between bounded contexts that must not depend on each other.
     *
     * @param name the handler's name, stable across restarts
     * @param eventType the event type's name ({@code OrderPlaced})
     * @param handler the handler; its first argument is the envelope too
     * @throws EventException when the name is taken
     */
    void subscribe(String name, String eventType, EventHandler<Event> handler);

    /**
     * Subscribes the {@link Subscribe @Subscribe} methods of an object; each is named by its
     * annotation or {@code <simple class name>.<method>}. The methods must be public in a public class
     * of an exported package, or use {@link #register(Object, MethodHandles.Lookup)}.
     *
     * @param listener the object
     * @throws EventException when it has no such method, or one has the wrong parameters
     */
    void register(Object listener);

    /**
     * Subscribes the {@link Subscribe @Subscribe} methods of an object, reached through a lookup
     * that can see them (pass {@code MethodHandles.lookup()} from the listener's own class), so they
     * need not be public nor exported.
     *
     * @param listener the object
     * @param lookup a lookup with access to the listener's class
     */
    void register(Object listener, MethodHandles.Lookup lookup);

    /** @return the parked deliveries, oldest first */
    List<DeadLetter> deadLetters();

    /**
     * Puts a parked delivery back in line with its attempts reset.
     *
     * @param deliveryId the {@link DeadLetter#deliveryId()}
     * @throws EventException when there is no dead letter with that id
     */
    void replay(long deliveryId);
}
