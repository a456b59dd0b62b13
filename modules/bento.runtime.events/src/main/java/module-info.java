/**
 * Bento's domain events: the {@code events} module puts an {@link com.bento.events.EventBus} in the
 * container. Publishing writes the event to an outbox table in the unit of work's transaction; a
 * relay delivers each row to in-process handlers and external publishers (a message broker)
 * at least once, in order per aggregate, with retries, backoff and dead letters. Several instances
 * share one outbox safely ({@code FOR UPDATE SKIP LOCKED}). Contracts, when loaded, validate each
 * event and give its topic.
 *
 * @provides com.bento.Module the {@code events} module
 * @uses com.bento.events.ExternalPublisher publishers to a broker, such as bento.runtime.rabbitmq
 */
module bento.runtime.events {
    requires transitive bento.runtime.api;
    requires transitive bento.runtime.data;
    requires static transitive org.jspecify;
    requires bento.runtime.contracts;
    requires com.fasterxml.jackson.core;

    exports com.bento.events;

    uses com.bento.events.ExternalPublisher;
    provides com.bento.Module with com.bento.events.EventsModule;
}
