package com.bento.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event as it is stored and delivered: the envelope around a {@link DomainEvent}'s payload.
 *
 * @param id a stable identifier, the same on every delivery of the event: consumers deduplicate by it
 * @param type the event type ({@code OrderPlaced})
 * @param topic its topic: from the contracts' routing when contracts are loaded, else the type
 * @param aggregateId the aggregate it belongs to
 * @param payload the payload, as maps, lists, strings, numbers and booleans
 * @param occurredAt when it was published
 */
public record Event(String id, String type, String topic, String aggregateId, Map<String, Object> payload,
                    Instant occurredAt) {
    /** Validates the components; the payload is kept as given (it is built read-only by the bus). */
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /**
     * Rebuilds the typed event from the payload.
     *
     * @param type the event's record class
     * @param <E> the event's type
     * @return the event
     * @throws EventException when the payload does not fit the record
     */
    public <E extends DomainEvent> E as(Class<E> type) {
        return EventCodec.fromPayload(type, payload);
    }

    /** @return the payload as one line of JSON */
    public String payloadJson() {
        return EventCodec.toJson(payload);
    }
}
