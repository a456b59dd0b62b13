package com.bento.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.ConfigurationException;
import com.bento.events.fixture.Numbered;
import com.bento.events.fixture.Rich;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events to payloads, JSON and back; settings. */
class EventCodecTest {

    @Test
    void everySupportedFieldSurvivesTheOutboxRoundTrip() {
        Map<String, Long> tags = new LinkedHashMap<>();
        tags.put("priority", 2L);
        Rich rich = new Rich("acc-1", Rich.Kind.DEBIT, Instant.parse("2026-11-26T10:15:30.123Z"), new BigDecimal("12.50"),
                UUID.fromString("9b1c3c0e-4f5a-4c1e-9d7e-0a1b2c3d4e5f"), List.of(new Rich.Line("tea", 2)), tags, true);
        Map<String, Object> payload = EventCodec.toPayload(rich);
        assertThat(payload).containsOnlyKeys("account_id", "kind", "at", "amount", "token", "lines", "tags", "urgent");
        String json = EventCodec.toJson(payload);
        assertThat(json).isEqualTo("{\"account_id\":\"acc-1\",\"kind\":\"DEBIT\",\"at\":\"2026-11-26T10:15:30.123Z\","
                + "\"amount\":12.50,\"token\":\"9b1c3c0e-4f5a-4c1e-9d7e-0a1b2c3d4e5f\",\"lines\":[{\"sku\":\"tea\",\"quantity\":2}],"
                + "\"tags\":{\"priority\":2},\"urgent\":true}");
        assertThat(EventCodec.fromPayload(Rich.class, EventCodec.fromJson(json))).isEqualTo(rich);
        Event e = new Event("id-1", "Rich", "Rich", "acc-1", payload, Instant.parse("2026-11-26T10:15:30Z"));
        assertThat(Event.fromJson(e.toJson())).isEqualTo(new Event("id-1", "Rich", "Rich", "acc-1", EventCodec.fromJson(json),
                e.occurredAt()));
    }

    @Test
    void aPayloadThatDoesNotFitTheRecordNamesTheField() {
        assertThatThrownBy(() -> EventCodec.fromPayload(Numbered.class, Map.of("aggregate", "a", "n", "seven")))
                .isInstanceOf(EventException.class).hasMessageStartingWith("Event field Numbered.n holds \"seven\" (string); expected a int");
        assertThatThrownBy(() -> EventCodec.fromPayload(Numbered.class, Map.of("aggregate", "a")))
                .hasMessage("Event field Numbered.n is missing or null; expected a int");
        assertThatThrownBy(() -> Event.fromJson("{\"event_id\": 3}")).isInstanceOf(EventException.class)
                .hasMessageStartingWith("Not an event envelope");
        assertThatThrownBy(() -> EventCodec.fromJson("{\"a\": ")).hasMessageStartingWith("An event payload is not valid JSON");
    }

    /**
     * An event with a field events cannot carry.
     *
     * @param id the aggregate
     * @param thread not an event field
     */
    public record Odd(String id, Thread thread) implements DomainEvent {
        @Override
        public String aggregateId() {
            return id;
        }
    }

    @Test
    void aFieldEventsCannotCarryIsRefusedWhenPublished() {
        assertThatThrownBy(() -> EventCodec.toPayload(new Odd("x", Thread.currentThread())))
                .hasMessageStartingWith("Event field " + Odd.class.getName() + ".thread is a java.lang.Thread, which events cannot carry");
    }

    @Test
    void settingsAreReadWithDefaultsAndWrongValuesNamed() {
        EventSettings d = EventSettings.fromEnvironment();
        assertThat(d.maxAttempts()).isEqualTo(5);
        assertThat(d.backoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(d.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.relay()).isTrue();
        assertThat(EventSettings.builder().set("backoff", "2s").set("relay", "off").build())
                .satisfies(s -> {
                    assertThat(s.backoff()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(s.relay()).isFalse();
                });
        assertThatThrownBy(() -> EventSettings.builder().set("max-attempts", "many").build()).isInstanceOf(ConfigurationException.class)
                .hasMessage("bento.events.max-attempts is 'many'; expected a whole number");
        assertThatThrownBy(() -> EventSettings.builder().maxAttempts(0).build()).hasMessage("bento.events.max-attempts is 0; expected 1 or more");
        assertThatThrownBy(() -> EventSettings.builder().set("poll-interval", "often").build())
                .hasMessage("bento.events.poll-interval is 'often'; expected a duration such as 250ms, 2s, 10m or PT2S");
        System.setProperty("bento.events.rabbitmq.url", "amqp://x");
        try {
            assertThat(EventSettings.fromEnvironment().get("rabbitmq.url")).contains("amqp://x");
        } finally {
            System.clearProperty("bento.events.rabbitmq.url");
        }
    }

    @Test
    void backoffDoublesUpToItsCapWithUpToAFifthLess() {
        DefaultEventBus bus = new DefaultEventBus(EventSettings.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build(),
                () -> null, java.util.Optional::empty, java.time.Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            assertThat(bus.backoff(1).toMillis()).isBetween(80L, 100L);
            assertThat(bus.backoff(3).toMillis()).isBetween(320L, 400L);
            assertThat(bus.backoff(10).toMillis()).isBetween(800L, 1000L);
            assertThat(bus.backoff(100).toMillis()).isBetween(800L, 1000L);
        }
    }
}
