package com.bento.events;

/**
 * Delivers events to something outside the application, such as a message broker. Found with
 * {@link java.util.ServiceLoader} ({@code provides com.bento.events.ExternalPublisher with ...}) or
 * given in {@link EventSettings.Builder#publisher(ExternalPublisher)}. Each published event gets one
 * outbox row per publisher, delivered by the relay like an in-process handler: at least once, in
 * order per aggregate, retried with backoff, then parked.
 */
public interface ExternalPublisher {
    /** @return a short, stable name such as {@code rabbitmq}: destinations are {@code publisher:<name>} */
    String name();

    /**
     * Called once when the events module starts, before any delivery.
     *
     * @param settings the events settings, whose {@link EventSettings#get(String)} reads this
     *        publisher's own keys
     * @throws Exception when the publisher cannot start: the application's start fails with it
     */
    default void open(EventSettings settings) throws Exception {
    }

    /**
     * Delivers one event; returns only when the receiver has it (a broker's confirm, say).
     *
     * @param event the event
     * @throws Exception when it was not delivered: it is retried
     */
    void publish(Event event) throws Exception;

    /**
     * Releases connections; called once at shutdown.
     *
     * @throws Exception when closing failed: logged, and the shutdown goes on
     */
    default void close() throws Exception {
    }
}
