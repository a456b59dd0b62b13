package com.bento.contracts;

import com.bento.contracts.Node.ListNode;
import com.bento.contracts.Node.MapNode;
import com.bento.contracts.Node.Pos;
import com.bento.contracts.Node.Scalar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON Schema 2020-12 through networknt's validator, with JSON paths ({@code $.a.b[0]}) in messages. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    private static final JsonSchema META = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_$][A-Za-z0-9_$]*)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

    private Json() {
    }

    static JsonNode toJson(Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MapNode m) {
            ObjectNode o = f.objectNode();
            m.entries().forEach((k, v) -> o.set(k, toJson(v)));
            return o;
        }
        if (node instanceof ListNode l) {
            ArrayNode a = f.arrayNode();
            l.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        Object v = ((Scalar) node).value();
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        return f.numberNode((Double) v);
    }

    static List<String> metaValidate(JsonNode schema) {
        return messages(META.validate(schema));
    }

    static JsonSchema compile(JsonNode schema) {
        JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
        compiled.initializeValidators();
        return compiled;
    }

    static List<String> validate(JsonSchema schema, Object payload) {
        JsonNode node = payload instanceof JsonNode j ? j : MAPPER.valueToTree(payload);
        return messages(schema.validate(node));
    }

    private static List<String> messages(Set<ValidationMessage> messages) {
        return messages.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage).toList();
    }

    /** The position of the node at a JSON path such as {@code $.properties.price}, or the nearest ancestor's. */
    static Pos locate(Node root, String path) {
        Node current = root;
        Matcher m = STEP.matcher(path.startsWith("$") ? path.substring(1) : path);
        while (m.find()) {
            String key = m.group(1) != null ? m.group(1) : m.group(2);
            if (key != null && current instanceof MapNode map && map.entries().containsKey(key)) {
                current = map.entries().get(key);
            } else if (m.group(3) != null && current instanceof ListNode list
                    && Integer.parseInt(m.group(3)) < list.items().size()) {
                current = list.items().get(Integer.parseInt(m.group(3)));
            } else {
                break;
            }
        }
        return current.pos();
    }
}
