package com.bento.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Event records to payload maps (snake_case keys) and back, and payloads to JSON and back. */
final class EventCodec {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();

    /** Record components and their JSON names, read once per class (publishing is on the request path). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };
    private static final ClassValue<String[]> KEYS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            return java.util.Arrays.stream(COMPONENTS.get(type)).map(rc -> snake(rc.getName())).toArray(String[]::new);
        }
    };

    private EventCodec() {
    }

    /** @return the event type's name: {@link EventType} or the simple class name */
    static String typeName(Class<?> type) {
        EventType named = type.getAnnotation(EventType.class);
        return named != null ? named.value() : type.getSimpleName();
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** @return the record's components as a read-only payload map */
    static Map<String, Object> toPayload(DomainEvent event) {
        Class<?> type = event.getClass();
        if (!type.isRecord()) {
            throw new EventException("Event " + type.getName() + " is not a record; expected a record implementing DomainEvent,"
                    + " whose components are the payload");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) encode(event, type.getName());
        return map;
    }

    private static Object encode(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof Double
                || value instanceof Float || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant || value instanceof LocalDate || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object o : c) {
                out.add(encode(o, path + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new EventException("Event field " + path + " is a map with a key of " + k.getClass().getName()
                            + "; expected string keys");
                }
                out.put(key, encode(v, path + "." + key));
            });
            return Collections.unmodifiableMap(out);
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            Map<String, Object> out = new LinkedHashMap<>();
            RecordComponent[] components = COMPONENTS.get(type);
            String[] keys = KEYS.get(type);
            for (int i = 0; i < components.length; i++) {
                RecordComponent rc = components[i];
                Object v;
                try {
                    v = rc.getAccessor().invoke(value);
                } catch (IllegalAccessException e) {
                    throw inaccessible(type, e);
                } catch (InvocationTargetException e) {
                    throw new EventException("Reading " + type.getName() + "." + rc.getName() + "() failed: " + e.getCause(), e.getCause());
                }
                out.put(keys[i], encode(v, path + "." + rc.getName()));
            }
            return Collections.unmodifiableMap(out);
        }
        throw new EventException("Event field " + path + " is a " + type.getName() + ", which events cannot carry; expected"
                + " strings, numbers, booleans, enums, Instant, LocalDate, UUID, BigDecimal, lists, maps or records of these");
    }

    private static EventException inaccessible(Class<?> type, Exception e) {
        Module m = type.getModule();
        String pkg = type.getPackageName();
        return new EventException("Event class " + type.getName() + " cannot be read by the event bus: it must be a public"
                + " record in a package its module exports" + (m.isNamed() ? "; add 'exports " + pkg + ";' (or 'exports " + pkg
                + " to bento.runtime.events;') to module " + m.getName() + "'s module-info" : "") + " (" + e.getMessage() + ")", e);
    }

    /** Rebuilds a record from a payload map. */
    static <E> E fromPayload(Class<E> type, Map<String, Object> payload) {
        return type.cast(decode(type, type, payload, typeName(type)));
    }

    private static Object decode(Class<?> raw, Type generic, Object value, String path) {
        if (value == null) {
            if (raw.isPrimitive()) {
                throw new EventException("Event field " + path + " is missing or null; expected a " + raw.getName());
            }
            return null;
        }
        try {
            if (raw == String.class) {
                return (String) value;
            }
            if (raw == int.class || raw == Integer.class) {
                return Math.toIntExact(((Number) value).longValue());
            }
            if (raw == long.class || raw == Long.class) {
                return ((Number) value).longValue();
            }
            if (raw == short.class || raw == Short.class) {
                return ((Number) value).shortValue();
            }
            if (raw == byte.class || raw == Byte.class) {
                return ((Number) value).byteValue();
            }
            if (raw == double.class || raw == Double.class) {
                return ((Number) value).doubleValue();
            }
            if (raw == float.class || raw == Float.class) {
                return ((Number) value).floatValue();
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return (Boolean) value;
            }
            if (raw == BigDecimal.class) {
                return value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
            }
            if (raw == BigInteger.class) {
                return value instanceof BigInteger b ? b : new BigInteger(value.toString());
            }
            if (raw == Instant.class) {
                return Instant.parse((String) value);
            }
            if (raw == LocalDate.class) {
                return LocalDate.parse((String) value);
            }
            if (raw == UUID.class) {
                return UUID.fromString((String) value);
            }
            if (raw.isEnum()) {
                return enumValue(raw, (String) value);
            }
            if (raw == List.class || raw == Collection.class || raw == Set.class) {
                Type element = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
                Collection<Object> out = raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
                int i = 0;
                for (Object o : (List<?>) value) {
                    out.add(decode(rawOf(element), element, o, path + "[" + i++ + "]"));
                }
                return raw == Set.class ? Collections.unmodifiableSet((Set<Object>) out) : Collections.unmodifiableList((List<Object>) out);
            }
            if (raw == Map.class) {
                Type v = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, x) -> out.put((String) k, decode(rawOf(v), v, x, path + "." + k)));
                return Collections.unmodifiableMap(out);
            }
            if (raw == Object.class) {
                return value;
            }
            if (raw.isRecord()) {
                Map<?, ?> map = (Map<?, ?>) value;
                RecordComponent[] components = COMPONENTS.get(raw);
                String[] keys = KEYS.get(raw);
                Object[] args = new Object[components.length];
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    RecordComponent rc = components[i];
                    types[i] = rc.getType();
                    args[i] = decode(rc.getType(), rc.getGenericType(), map.get(keys[i]), path + "." + rc.getName());
                }
                Constructor<?> c = raw.getDeclaredConstructor(types);
                try {
                    return c.newInstance(args);
                } catch (IllegalAccessException e) {
                    throw inaccessible(raw, e);
                } catch (InvocationTargetException e) {
                    throw new EventException("Rebuilding " + raw.getName() + " from its payload failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (ClassCastException | ArithmeticException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new EventException("Event field " + path + " holds " + describe(value) + "; expected a " + raw.getSimpleName()
                    + " (" + e.getMessage() + ")", e);
        } catch (ReflectiveOperationException e) {
            throw new EventException("Rebuilding " + raw.getName() + " failed: " + e, e);
        }
        throw new EventException("Event field " + path + " is declared as " + raw.getName() + ", which events cannot carry");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> raw, String name) {
        return Enum.valueOf((Class) raw, name);
    }

    private static Class<?> rawOf(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return (value instanceof String ? "\"" + text + "\"" : text) + " (" + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }

    static String toJson(Map<String, Object> payload) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, payload);
        } catch (IOException e) {
            throw new EventException("Writing an event payload as JSON failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                write(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /** @return the JSON object as read-only maps, lists, strings, numbers, booleans and nulls */
    static Map<String, Object> fromJson(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EventException("An event payload is not a JSON object: " + abbreviate(json));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) read(p);
            return map;
        } catch (IOException e) {
            throw new EventException("An event payload is not valid JSON (" + e.getMessage() + "): " + abbreviate(json), e);
        }
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return Collections.unmodifiableMap(m);
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT, LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
