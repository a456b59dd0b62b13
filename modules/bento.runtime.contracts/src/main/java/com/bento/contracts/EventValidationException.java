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
    /** Kept as an array, a serializable type, so the failures survive serialization with the exception. */
    private final String[] errors;

    EventValidationException(String eventType, List<String> errors) {
        super(EVENT_SCHEMA_INVALID, Map.of("event_type", eventType, "errors", List.copyOf(errors)));
        this.errors = errors.toArray(String[]::new);
        this.message = "Event '" + eventType + "' does not match events/" + eventType + ".schema.json:\n"
                + String.join("\n", errors);
    }

    /** @return each failure as {@code <json path>: <message>} */
    public List<String> errors() {
        return List.of(errors);
    }

    @Override
    public String getMessage() {
        return message;
    }
}
