package com.bento.contracts;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.List;
import java.util.Map;

/** An event payload that does not match its schema; reason code {@code EVENT_SCHEMA_INVALID}, 422. */
public final class EventValidationException extends BentoException {
    private static final long serialVersionUID = 1L;

    /** The reason an invalid event payload carries. */
    public static final ReasonCode EVENT_SCHEMA_INVALID =
            new ReasonCode("EVENT_SCHEMA_INVALID", 422, "VALIDATION", false, "Event does not match its schema");

    private final String message;
    private final List<String> errors;

    EventValidationException(String eventType, List<String> errors) {
        super(EVENT_SCHEMA_INVALID, Map.of("event_type", eventType, "errors", List.copyOf(errors)));
        this.errors = List.copyOf(errors);
        this.message = "Event '" + eventType + "' does not match events/" + eventType + ".schema.json:\n"
                + String.join("\n", errors);
    }

    /** @return each failure as {@code <json path>: <message>} */
    public List<String> errors() {
        return errors;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
