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
     * The envelope of a domain event, as the bus stores and delivers it: a new id, the event's type
     * name ({@link #typeOf}), its aggregate id, its record components as the payload, and
     * {@code occurredAt} to the millisecond. The topic is the type name until routing says otherwise
     * ({@link #withTopic}).
     *
     * @param event a record implementing {@link DomainEvent}
     * @param occurredAt when it happened
     * @return the envelope
     * @throws EventException when the event has no aggregate id, or a component cannot be encoded
     */
    public static Event of(DomainEvent event, Instant occurredAt) {
        Objects.requireNonNull(event, "event");
        String type = typeOf(event.getClass());
        String aggregate = event.aggregateId();
        if (aggregate == null || aggregate.isBlank()) {
            throw new EventException("Event " + type + " has no aggregate id; aggregateId() must return the id of the aggregate"
                    + " it belongs to (its events are delivered in order)");
        }
        return new Event(java.util.UUID.randomUUID().toString(), type, type, aggregate, EventCodec.toPayload(event),
                occurredAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /**
     * @param type an event record class
     * @return its type name: {@link EventType}'s value, or the class's simple name
     */
    public static String typeOf(Class<? extends DomainEvent> type) {
        return EventCodec.typeName(type);
    }

    /**
     * @param topic the topic routing gives its type
     * @return this envelope on that topic
     */
    public Event withTopic(String topic) {
        return new Event(id, type, topic, aggregateId, payload, occurredAt);
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

    /**
     * The envelope as one line of JSON, as brokers carry it: {@code event_id}, {@code event_type},
     * {@code topic}, {@code aggregate_id}, {@code occurred_at} (ISO-8601) and {@code payload}, the
     * shape of the contracts' {@code events/envelope.schema.json}.
     *
     * @return the JSON
     */
    public String toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("event_id", id);
        m.put("event_type", type);
        m.put("topic", topic);
        m.put("aggregate_id", aggregateId);
        m.put("occurred_at", occurredAt.toString());
        m.put("payload", payload);
        return EventCodec.toJson(m);
    }

    /**
     * Reads an envelope written by {@link #toJson()}.
     *
     * @param json the JSON
     * @return the event
     * @throws EventException naming the missing or mistyped field
     */
    public static Event fromJson(String json) {
        Map<String, Object> m = EventCodec.fromJson(json);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) m.get("payload");
            return new Event((String) m.get("event_id"), (String) m.get("event_type"), (String) m.get("topic"),
                    (String) m.get("aggregate_id"), payload, Instant.parse((String) m.get("occurred_at")));
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new EventException("Not an event envelope (expected event_id, event_type, topic, aggregate_id, occurred_at"
                    + " and an object payload): " + (json.length() > 200 ? json.substring(0, 200) + "..." : json), e);
        }
    }
}
