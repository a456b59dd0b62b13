/**
 * Delivers Bento's events to RabbitMQ: {@link com.bento.rabbitmq.RabbitPublisher} is an external
 * publisher of the events module (found by ServiceLoader when this module is on the path) that
 * publishes each outbox row to a durable topic exchange with publisher confirms, the event's topic as
 * routing key and its id as message id; {@link com.bento.rabbitmq.RabbitEventConsumer} consumes them
 * on the other side, acknowledging only what its handler applied.
 *
 * @provides com.bento.events.ExternalPublisher the RabbitMQ publisher
 */
module bento.runtime.rabbitmq {
    requires transitive bento.runtime.events;
    requires static transitive org.jspecify;
    requires transitive com.rabbitmq.client;

    exports com.bento.rabbitmq;

    provides com.bento.events.ExternalPublisher with com.bento.rabbitmq.RabbitPublisher;
}
