package com.bento.contracts;

import com.networknt.schema.JsonSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Compiled schemas, by event type. */
final class DefaultEventSchemas implements EventSchemas {
    private final Map<String, JsonSchema> schemas;
    private final @Nullable JsonSchema envelope;

    DefaultEventSchemas(Map<String, JsonSchema> schemas, @Nullable JsonSchema envelope) {
        this.schemas = new TreeMap<>(schemas);
        this.envelope = envelope;
    }

    @Override
    public void validate(String eventType, Object payload) {
        List<String> errors = check(eventType, payload);
        if (!errors.isEmpty()) {
            throw new EventValidationException(eventType, errors);
        }
    }

    @Override
    public List<String> check(String eventType, Object payload) {
        JsonSchema schema = schemas.get(eventType);
        if (schema == null) {
            throw new ContractException("Event '" + eventType + "' has no schema. Events with a schema: "
                    + (schemas.isEmpty() ? "none" : String.join(", ", schemas.keySet()))
                    + ". Add events/" + eventType + ".schema.json, or fix the event type.");
        }
        return Json.validate(schema, payload);
    }

    @Override
    public List<String> checkEnvelope(Object event) {
        if (envelope == null) {
            throw new ContractException("There is no events/envelope.schema.json to check the envelope against. Add it.");
        }
        return Json.validate(envelope, event);
    }

    @Override
    public Set<String> eventTypes() {
        return new TreeSet<>(schemas.keySet());
    }
}
