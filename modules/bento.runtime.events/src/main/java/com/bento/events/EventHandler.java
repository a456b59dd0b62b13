package com.bento.events;

/**
 * Handles one event type. A handler may run more than once for one event (delivery is at least
 * once): make it idempotent, for example with {@link IdempotentConsumer}.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventHandler<E> {
    /**
     * @param event the event
     * @param envelope its envelope: id, type, topic, aggregate, time
     * @throws Exception a failure: the delivery is retried with backoff, then parked as a dead letter
     */
    void handle(E event, Event envelope) throws Exception;
}
