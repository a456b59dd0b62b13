package com.bento.rabbitmq;

import com.bento.events.Event;
import com.bento.events.EventException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Consumes events a {@link RabbitPublisher} published: declares a durable queue bound to the exchange
 * by topic patterns ({@code shop.orders.#}), decodes each message into an {@link Event} and hands it
 * to a handler; a message is acknowledged only after the handler returned, and requeued when it threw,
 * so delivery is at least once. Pair it with {@code IdempotentConsumer} (by {@link Event#id()}) so a
 * redelivered event is applied once. A message that is not an event envelope is rejected without
 * requeue (to the queue's dead-letter exchange, if it has one), and logged.
 */
public final class RabbitEventConsumer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RabbitEventConsumer.class.getName());

    /** Handles one event from the broker. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param event the event
         * @param redelivered whether the broker delivered it before
         * @throws Exception a failure: the message is requeued
         */
        void handle(Event event, boolean redelivered) throws Exception;
    }

    private final Channel channel;
    private final String tag;

    private RabbitEventConsumer(Channel channel, String tag) {
        this.channel = channel;
        this.tag = tag;
    }

    /**
     * Starts consuming.
     *
     * @param connection an open connection (the consumer opens its own channel on it)
     * @param exchange the exchange the publisher uses
     * @param queue the queue's name; declared durable
     * @param topics the binding patterns, such as {@code shop.orders.#}
     * @param prefetch how many unacknowledged messages the broker may send at once
     * @param handler the handler
     * @return the running consumer; close it to stop
     * @throws IOException when the broker refuses the declarations
     */
    public static RabbitEventConsumer start(Connection connection, String exchange, String queue, List<String> topics,
                                            int prefetch, Handler handler) throws IOException {
        Channel ch = connection.createChannel();
        ch.exchangeDeclare(exchange, com.rabbitmq.client.BuiltinExchangeType.TOPIC, true);
        ch.queueDeclare(queue, true, false, false, null);
        for (String topic : topics) {
            ch.queueBind(queue, exchange, topic);
        }
        ch.basicQos(prefetch);
        String tag = ch.basicConsume(queue, false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                Event event;
                try {
                    event = Event.fromJson(new String(body, StandardCharsets.UTF_8));
                } catch (EventException e) {
                    LOG.log(System.Logger.Level.ERROR, "Rejected a message on queue " + queue + " (message id "
                            + properties.getMessageId() + "): " + e.getMessage());
                    ch.basicReject(envelope.getDeliveryTag(), false);
                    return;
                }
                try {
                    handler.handle(event, envelope.isRedeliver());
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "Event " + event.id() + " (" + event.type() + ") from queue " + queue
                            + " failed and is requeued: " + e, e);
                    ch.basicNack(envelope.getDeliveryTag(), false, true);
                    return;
                }
                ch.basicAck(envelope.getDeliveryTag(), false);
            }
        });
        return new RabbitEventConsumer(ch, tag);
    }

    /** Stops consuming; unacknowledged messages go back to the queue. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.basicCancel(tag);
                channel.close();
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("closing the consumer's channel timed out", e);
        }
    }
}
