package com.bento.contracts;

import java.util.List;
import java.util.Set;

/** The event schemas (JSON Schema 2020-12) from {@code events/}. */
public interface EventSchemas {

    /**
     * Checks an event's payload against its schema.
     *
     * @param eventType the event type; its schema is {@code events/<eventType>.schema.json}
     * @param payload the payload as maps, lists, strings, numbers, booleans and nulls
     * @throws EventValidationException listing every failure with its JSON path ({@code $.items[0].price: ...})
     * @throws ContractException when the event has no schema
     */
    void validate(String eventType, Object payload);

    /**
     * The same check, returning the failures instead of throwing.
     *
     * @param eventType the event type
     * @param payload the payload
     * @return each failure as {@code <json path>: <message>}; empty when valid
     * @throws ContractException when the event has no schema
     */
    List<String> check(String eventType, Object payload);

    /**
     * Checks a whole event envelope against {@code events/envelope.schema.json}.
     *
     * @param envelope the envelope
     * @return each failure as {@code <json path>: <message>}; empty when valid
     * @throws ContractException when there is no envelope schema
     */
    List<String> checkEnvelope(Object envelope);

    /** @return the event types that have a schema, sorted */
    Set<String> eventTypes();
}
