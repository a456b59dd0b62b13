package com.bento.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A parsed YAML or JSON value with the file position it came from, so every problem can say where. */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

    /** A position in a contract file; line and column count from 1. */
    record Pos(String file, int line, int column) implements java.io.Serializable {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }

    Pos pos();

    /** A mapping; keys keep their order and their own positions. */
    record MapNode(Map<String, Node> entries, Map<String, Pos> keys, Pos pos) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        Optional<Node> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /** A sequence. */
    record ListNode(List<Node> items, Pos pos) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }
    }

    /** A scalar: a String, Long, java.math.BigInteger, Double, java.math.BigDecimal, Boolean, or null. */
    record Scalar(@Nullable Object value, Pos pos) implements Node {
    }

    /** A short description of a node's kind for messages: "a mapping", "a list", "the number 3"... */
    static String describe(Node node) {
        if (node instanceof MapNode) {
            return "a mapping";
        }
        if (node instanceof ListNode) {
            return "a list";
        }
        Object v = ((Scalar) node).value();
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "the text '" + v + "'";
        }
        if (v instanceof Boolean) {
            return "the boolean " + v;
        }
        return "the number " + v;
    }
}
