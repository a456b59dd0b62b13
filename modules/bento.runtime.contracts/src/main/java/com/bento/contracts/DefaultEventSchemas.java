package com.bento.contracts;

import com.networknt.schema.JsonSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The schemas, by event type; each compiled when the gate read it, or on first use when it came compiled. */
final class DefaultEventSchemas implements EventSchemas {
    private final Map<String, Lazy> schemas;
    private final @Nullable Lazy envelope;

    DefaultEventSchemas(Map<String, Lazy> schemas, @Nullable Lazy envelope) {
        this.schemas = new TreeMap<>(schemas);
        this.envelope = envelope;
    }

    /** A schema compiled once, by the first thread that needs it. */
    static final class Lazy {
        private final @Nullable Supplier<JsonSchema> compile;
        private volatile @Nullable JsonSchema schema;

        private Lazy(@Nullable JsonSchema schema, @Nullable Supplier<JsonSchema> compile) {
            this.schema = schema;
            this.compile = compile;
        }

        static Lazy of(JsonSchema schema) {
            return new Lazy(schema, null);
        }

        static Lazy compiling(Supplier<JsonSchema> compile) {
            return new Lazy(null, compile);
        }

        JsonSchema get() {
            JsonSchema s = schema;
            if (s == null) {
                synchronized (this) {
                    s = schema;
                    if (s == null) {
                        s = java.util.Objects.requireNonNull(compile, "compile").get();
                        schema = s;
                    }
                }
            }
            return s;
        }
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
        Lazy schema = schemas.get(eventType);
        if (schema == null) {
            throw new ContractException("Event '" + eventType + "' has no schema. Events with a schema: "
                    + (schemas.isEmpty() ? "none" : String.join(", ", schemas.keySet()))
                    + ". Add events/" + eventType + ".schema.json, or fix the event type.");
        }
        return Json.validate(schema.get(), payload);
    }

    @Override
    public List<String> checkEnvelope(Object event) {
        if (envelope == null) {
            throw new ContractException("There is no events/envelope.schema.json to check the envelope against. Add it.");
        }
        return Json.validate(envelope.get(), event);
    }

    @Override
    public Set<String> eventTypes() {
        return new TreeSet<>(schemas.keySet());
    }
}
