package com.bento.rabbitmq;

import com.bento.ConfigurationException;
import com.bento.events.Event;
import com.bento.events.EventSettings;
import com.bento.events.ExternalPublisher;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Publishes each event to a durable RabbitMQ topic exchange and waits for the broker's confirm, so
 * the outbox row is marked done only once RabbitMQ has the message. The routing key is the event's
 * topic; the message carries the envelope as JSON ({@link Event#toJson()}), the event id as message
 * id, the type as type, and is persistent.
 *
 * <p>Settings (see {@link EventSettings#get(String)}: {@code bento.events.rabbitmq.*} or
 * {@code BENTO_EVENTS_RABBITMQ_*}): {@code rabbitmq.url} (required, {@code amqp://user:pass@host:5672/vhost}),
 * {@code rabbitmq.exchange} (default {@code bento.events}), {@code rabbitmq.confirm-timeout} (default 5s),
 * {@code rabbitmq.unroutable} (default {@code fail}).
 *
 * <p>Messages are published {@code mandatory}: when no queue is bound for an event's topic, the
 * broker returns the message rather than dropping it, and with {@code unroutable=fail} the delivery
 * fails like any other — it is retried with backoff and then parked as a dead letter, to be replayed
 * once a consumer has bound its queue. {@code unroutable=drop} accepts the loss (events nobody
 * consumes yet), with a warning per event.
 */
public final class RabbitPublisher implements ExternalPublisher {
    private static final System.Logger LOG = System.getLogger(RabbitPublisher.class.getName());
    private @Nullable Connection connection;
    private @Nullable Channel channel;
    private String exchange = "bento.events";
    private Duration confirmTimeout = Duration.ofSeconds(5);
    private String where = "";
    private boolean dropUnroutable;
    /** Set by the return listener for the message being published; read after its confirm. */
    private volatile @Nullable String returned;

    /** Created by ServiceLoader, or by the application to give to {@code EventSettings.Builder#publisher}. */
    public RabbitPublisher() {
    }

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public synchronized void open(EventSettings settings) throws Exception {
        String url = settings.get("rabbitmq.url").orElseThrow(() -> new ConfigurationException("The RabbitMQ publisher"
                + " (bento-runtime-rabbitmq) is on the path but bento.events.rabbitmq.url is not set; set it (or"
                + " BENTO_EVENTS_RABBITMQ_URL) to the broker, such as amqp://guest:guest@127.0.0.1:5672, or remove the module"));
        exchange = settings.get("rabbitmq.exchange").orElse("bento.events");
        confirmTimeout = settings.get("rabbitmq.confirm-timeout")
                .map(v -> com.bento.Settings.duration("bento.events.rabbitmq.confirm-timeout", v)).orElse(Duration.ofSeconds(5));
        String unroutable = settings.get("rabbitmq.unroutable").orElse("fail").toLowerCase(java.util.Locale.ROOT);
        if (!unroutable.equals("fail") && !unroutable.equals("drop")) {
            throw new ConfigurationException("bento.events.rabbitmq.unroutable is '" + unroutable + "'; expected fail (an"
                    + " event no queue is bound for is retried, then parked) or drop (it is lost, with a warning)");
        }
        dropUnroutable = unroutable.equals("drop");
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new ConfigurationException("bento.events.rabbitmq.url '" + com.bento.Settings.maskPasswords(url) + "' is not an AMQP URL ("
                    + e.getMessage() + "); expected amqp://user:pass@host:5672/vhost");
        }
        where = factory.getHost() + ":" + factory.getPort();
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        try {
            connection = factory.newConnection("bento-events");
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("RabbitMQ at " + where + " did not accept a connection (" + e
                    + "); check that it runs and that bento.events.rabbitmq.url is right", e);
        }
        Channel ch = connection.createChannel();
        ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        ch.confirmSelect();
        // the broker sends basic.return before the confirm, on the connection's thread: read after the confirm
        ch.addReturnListener(r -> returned = r.getReplyCode() + " " + r.getReplyText());
        channel = ch;
        LOG.log(System.Logger.Level.INFO, "Publishing events to RabbitMQ at " + where + ", exchange '" + exchange + "'");
    }

    /** @return the exchange events are published to */
    public String exchange() {
        return exchange;
    }

    @Override
    public synchronized void publish(Event event) throws Exception {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("The RabbitMQ publisher is not open");
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .messageId(event.id())
                .type(event.type())
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .timestamp(Date.from(event.occurredAt()))
                .headers(Map.of("aggregate_id", event.aggregateId(), "topic", event.topic()))
                .build();
        returned = null;
        ch.basicPublish(exchange, event.topic(), true, props, event.toJson().getBytes(StandardCharsets.UTF_8));
        try {
            ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("RabbitMQ at " + where + " did not confirm event " + event.id() + " within "
                    + confirmTimeout.toMillis() + " ms; it will be retried", e);
        }
        String why = returned;
        if (why != null) {
            String what = "RabbitMQ returned event " + event.id() + " (" + event.type() + ") unrouted (" + why + "): no queue is"
                    + " bound to exchange '" + exchange + "' for routing key '" + event.topic() + "'";
            if (dropUnroutable) {
                LOG.log(System.Logger.Level.WARNING, what + "; dropped, as bento.events.rabbitmq.unroutable=drop says");
                return;
            }
            throw new IllegalStateException(what + ". Start the consumer that binds its queue (RabbitEventConsumer) and"
                    + " replay the dead letter, or set bento.events.rabbitmq.unroutable=drop to let such events go");
        }
    }

    @Override
    public synchronized void close() throws Exception {
        Connection c = connection;
        connection = null;
        channel = null;
        if (c != null && c.isOpen()) {
            c.close(5_000);
        }
    }
}
