package com.bento.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Container;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.Requires;
import com.bento.data.Database;
import com.bento.events.DomainEvent;
import com.bento.events.Event;
import com.bento.events.EventBus;
import com.bento.events.EventSettings;
import com.bento.events.EventsModule;
import com.bento.events.IdempotentConsumer;
import com.bento.runtime.BentoRuntime;
import com.bento.testsupport.RequiresServer;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the real RabbitMQ at 127.0.0.1:5672 (guest/guest). Skipped with the reason when
 * it does not answer, except under CI=true, where that fails.
 */
@RequiresServer(name = "RabbitMQ", port = 5672)
class RabbitPublisherTest {
    static final String URL = "amqp://guest:guest@127.0.0.1:5672";
    private final String exchange = "bento.test." + Long.toHexString(System.nanoTime());
    private Connection connection;
    private BentoRuntime rt;

    /**
     * A test event.
     *
     * @param orderId the aggregate
     * @param n a number
     */
    public record Shipped(String orderId, int n) implements DomainEvent {
        @Override
        public String aggregateId() {
            return orderId;
        }
    }

    /** Needs the bus. */
    @Requires("events")
    static final class Orders implements Module {
        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public void onRegister(Container container) {
            container.get("events", EventBus.class);
        }
    }

    @BeforeEach
    void broker() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URL);
        f.setConnectionTimeout(2_000);
        connection = f.newConnection("bento-test");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (rt != null) {
            rt.close();
        }
        if (connection != null) {
            try (Channel ch = connection.createChannel()) {
                ch.exchangeDelete(exchange);
            }
            connection.close();
        }
    }

    private BentoRuntime start(String url) {
        return start(EventSettings.builder().set("rabbitmq.url", url));
    }

    private BentoRuntime start(EventSettings.Builder given) {
        EventSettings settings = given.set("rabbitmq.exchange", exchange)
                .pollInterval(Duration.ofMillis(20)).backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
        rt = BentoRuntime.builder().withConfig("rabbit-" + Long.toHexString(System.nanoTime()), "test").withListenerDiscovery(false)
                .withService("events.settings", settings).withModules(new EventsModule(), new Orders()).build();
        rt.start();
        return rt;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void committedEventsReachTheBrokerInOrderWithTheirIdTypeAndTopic() throws Exception {
        String queue;
        try (Channel ch = connection.createChannel()) {
            ch.exchangeDeclare(exchange, "topic", true);
            queue = ch.queueDeclare().getQueue();
            ch.queueBind(queue, exchange, "Shipped");
        }
        start(URL);
        EventBus bus = rt.container().get("events", EventBus.class);
        Database db = rt.container().get("database", Database.class);
        List<Event> published = new CopyOnWriteArrayList<>();
        db.unitOfWork().run(c -> {
            for (int n = 1; n <= 3; n++) {
                published.add(bus.publish(new Shipped("o-1", n)));
            }
        });
        assertThatThrownBy(() -> db.unitOfWork().run(c -> {
            bus.publish(new Shipped("o-2", 9));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        List<GetResponse> got = new CopyOnWriteArrayList<>();
        try (Channel ch = connection.createChannel()) {
            await("three messages", () -> {
                try {
                    GetResponse r = ch.basicGet(queue, true);
                    if (r != null) {
                        got.add(r);
                    }
                    return got.size() == 3;
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            Thread.sleep(200);
            assertThat(ch.basicGet(queue, true)).as("the rolled-back event never reaches the broker").isNull();
        }
        for (int i = 0; i < 3; i++) {
            AMQP.BasicProperties p = got.get(i).getProps();
            Event e = Event.fromJson(new String(got.get(i).getBody(), StandardCharsets.UTF_8));
            assertThat(p.getMessageId()).isEqualTo(published.get(i).id()).isEqualTo(e.id());
            assertThat(p.getType()).isEqualTo("Shipped");
            assertThat(p.getDeliveryMode()).isEqualTo(2);
            assertThat(got.get(i).getEnvelope().getRoutingKey()).isEqualTo("Shipped");
            assertThat(e.as(Shipped.class)).isEqualTo(new Shipped("o-1", i + 1));
        }
    }

    @Test
    @SuppressWarnings("try") // the consumer works by being open
    void theConsumerAppliesARedeliveredEventOnceAndRequeuesAFailure() throws Exception {
        start(URL);
        IdempotentConsumer once = rt.container().get("events.idempotency", IdempotentConsumer.class);
        Database db = rt.container().get("database", Database.class);
        db.unitOfWork().run(c -> c.createStatement().execute("create table shipped (order_id varchar(20), n int)"));
        String queue = "bento.test.q." + Long.toHexString(System.nanoTime());
        List<String> attempts = new CopyOnWriteArrayList<>();
        try (RabbitEventConsumer consumer = RabbitEventConsumer.start(connection, exchange, queue, List.of("#"), 10,
                (event, redelivered) -> {
                    attempts.add(event.id() + (redelivered ? " again" : ""));
                    if (attempts.size() == 1) {
                        throw new IllegalStateException("first try fails");
                    }
                    once.handleOnce("shipping", event.id(), c -> {
                        try (PreparedStatement p = c.prepareStatement("insert into shipped values (?, ?)")) {
                            Shipped s = event.as(Shipped.class);
                            p.setString(1, s.orderId());
                            p.setInt(2, s.n());
                            p.executeUpdate();
                        }
                    });
                })) {
            Event e = rt.container().get("events", EventBus.class).publish(new Shipped("o-7", 1));
            // the broker delivers the same message again, as after a consumer crash before its ack
            try (Channel ch = connection.createChannel()) {
                ch.basicPublish(exchange, "Shipped", new AMQP.BasicProperties.Builder().messageId(e.id()).build(),
                        e.toJson().getBytes(StandardCharsets.UTF_8));
            }
            await("three attempts", () -> attempts.size() >= 3);
            Thread.sleep(200);
            assertThat(attempts).hasSize(3).startsWith(e.id()).containsExactlyInAnyOrder(e.id(), e.id() + " again", e.id());
            long rows = db.unitOfWork().call(c -> {
                try (var r = c.createStatement().executeQuery("select count(*) from shipped")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(rows).as("applied once although delivered three times").isEqualTo(1);
        } finally {
            try (Channel ch = connection.createChannel()) {
                ch.queueDelete(queue);
            }
        }
    }

    @Test
    void anEventNoQueueIsBoundForIsRetriedThenParkedAndArrivesWhenReplayedAfterABinding() throws Exception {
        start(EventSettings.builder().set("rabbitmq.url", URL).maxAttempts(2));
        EventBus bus = rt.container().get("events", EventBus.class);
        Event event = bus.publish(new Shipped("o-3", 1));
        await("the dead letter", () -> !bus.deadLetters().isEmpty());
        var dead = bus.deadLetters().get(0);
        assertThat(dead.eventId()).isEqualTo(event.id());
        assertThat(dead.destination()).isEqualTo("publisher:rabbitmq");
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.lastError()).contains("RabbitMQ returned event " + event.id() + " (Shipped) unrouted (312 NO_ROUTE)",
                "no queue is bound to exchange '" + exchange + "' for routing key 'Shipped'", "replay the dead letter");
        try (Channel ch = connection.createChannel()) {
            String queue = ch.queueDeclare().getQueue();
            ch.queueBind(queue, exchange, "Shipped");
            bus.replay(dead.deliveryId());
            List<GetResponse> got = new CopyOnWriteArrayList<>();
            await("the replayed event", () -> {
                try {
                    GetResponse r = ch.basicGet(queue, true);
                    if (r != null) {
                        got.add(r);
                    }
                    return !got.isEmpty();
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(got.get(0).getProps().getMessageId()).isEqualTo(event.id());
        }
        assertThat(bus.deadLetters()).isEmpty();
    }

    @Test
    void unroutableDropLetsAnEventNobodyConsumesGoAndOtherValuesAreRefused() throws Exception {
        RabbitPublisher publisher = new RabbitPublisher();
        try {
            publisher.open(EventSettings.builder().set("rabbitmq.url", URL).set("rabbitmq.exchange", exchange)
                    .set("rabbitmq.unroutable", "drop").build());
            publisher.publish(new Event(java.util.UUID.randomUUID().toString(), "Shipped", "Shipped", "o-4", java.util.Map.of("n", 1),
                    java.time.Instant.now()));
        } finally {
            publisher.close();
        }
        assertThatThrownBy(() -> new RabbitPublisher().open(EventSettings.builder().set("rabbitmq.url", URL)
                .set("rabbitmq.unroutable", "ignore").build())).isInstanceOf(com.bento.ConfigurationException.class)
                .hasMessage("bento.events.rabbitmq.unroutable is 'ignore'; expected fail (an event no queue is bound for is"
                        + " retried, then parked) or drop (it is lost, with a warning)");
    }

    @Test
    void aBrokerThatDoesNotAnswerFailsTheStartNamingIt() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> start("amqp://guest:secret@127.0.0.1:" + closed)).isInstanceOf(LifecycleException.class)
                .rootCause().isInstanceOf(java.net.ConnectException.class);
        assertThatThrownBy(() -> start("amqp://guest:secret@127.0.0.1:" + closed)).hasStackTraceContaining(
                "External publisher 'rabbitmq' (com.bento.rabbitmq.RabbitPublisher) could not start: RabbitMQ at 127.0.0.1:"
                        + closed + " did not accept a connection").hasStackTraceContaining("check that it runs")
                .satisfies(t -> assertThat(t.toString() + java.util.Arrays.toString(t.getStackTrace())).doesNotContain("secret"));
        rt = null;
        assertThatThrownBy(() -> start("http://nowhere")).hasStackTraceContaining(
                "bento.events.rabbitmq.url 'http://nowhere' is not an AMQP URL");
        rt = null;
    }
}
