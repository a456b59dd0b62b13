package com.bento.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.bento.contracts.Node.ListNode;
import com.bento.contracts.Node.MapNode;
import com.bento.contracts.Node.Pos;
import com.bento.contracts.Node.Scalar;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads contract files into {@link Node} trees, with limits so a hostile or broken file cannot
 * exhaust memory: a size cap, a cap on YAML aliases, a cap on nodes (aliases can otherwise expand
 * exponentially) and on nesting. YAML is composed into plain nodes; no type named in a document is
 * ever instantiated.
 */
final class Documents {
    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int MAX_NODES = 100_000;
    static final int MAX_DEPTH = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength((int) MAX_FILE_BYTES).maxNumberLength(100).build())
            .build()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Documents() {
    }

    /** A file that cannot be read or parsed, with the position of the problem. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        final Pos pos;

        ParseException(Pos pos, String message) {
            super(message);
            this.pos = pos;
        }
    }

    /** Reads a file as UTF-8 text within the size limit. */
    static String read(Path file, String display) throws ParseException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ParseException(new Pos(display, 1, 1), "file is " + size + " bytes, over the limit of "
                        + MAX_FILE_BYTES + " bytes for a contract file. Split it into several files");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ParseException(new Pos(display, 1, 1), "file is not valid UTF-8. Save it as UTF-8");
        } catch (IOException e) {
            throw new ParseException(new Pos(display, 1, 1), "cannot be read: " + e);
        }
    }

    static Node parseYaml(String text, String display) throws ParseException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(display)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit((int) MAX_FILE_BYTES)
                .setSchema(new org.snakeyaml.engine.v2.schema.CoreSchema())
                .setUseMarks(true)
                .build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<org.snakeyaml.engine.v2.nodes.Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                throw new ParseException(new Pos(display, 1, 1), "the file is empty. Write the contract, or delete the file");
            }
            int[] budget = {MAX_NODES};
            return fromYaml(root.get(), display, budget, 0);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            Pos pos = mark == null ? new Pos(display, 1, 1) : new Pos(display, mark.getLine() + 1, mark.getColumn() + 1);
            String problem = e.getProblem();
            String context = e.getContext();
            throw new ParseException(pos, "YAML syntax error: " + (context == null ? "" : context + ", ")
                    + problem + ". Fix the YAML at that position");
        } catch (YamlEngineException e) {
            throw new ParseException(new Pos(display, 1, 1), "YAML could not be read: " + e.getMessage());
        }
    }

    private static Node fromYaml(org.snakeyaml.engine.v2.nodes.Node node, String file, int[] budget, int depth)
            throws ParseException {
        Pos pos = node.getStartMark().map(m -> new Pos(file, m.getLine() + 1, m.getColumn() + 1)).orElse(new Pos(file, 1, 1));
        if (--budget[0] < 0) {
            throw new ParseException(pos, "the document expands to more than " + MAX_NODES
                    + " values (are YAML aliases repeating large parts?). Write the values out, or split the file");
        }
        if (depth > MAX_DEPTH) {
            throw new ParseException(pos, "values are nested deeper than " + MAX_DEPTH + " levels. Flatten the document");
        }
        if (node instanceof MappingNode map) {
            Map<String, Node> entries = new LinkedHashMap<>();
            Map<String, Pos> keys = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new ParseException(pos, "a mapping key must be plain text. Use a text key");
                }
                Pos keyPos = keyNode.getStartMark().map(m -> new Pos(file, m.getLine() + 1, m.getColumn() + 1)).orElse(pos);
                String key = keyNode.getValue();
                if (entries.containsKey(key)) {
                    throw new ParseException(keyPos, "duplicate key '" + key + "' (first at " + keys.get(key)
                            + "). Remove one of them");
                }
                keys.put(key, keyPos);
                entries.put(key, fromYaml(t.getValueNode(), file, budget, depth + 1));
            }
            return new MapNode(entries, keys, pos);
        }
        if (node instanceof SequenceNode seq) {
            List<Node> items = new ArrayList<>();
            for (org.snakeyaml.engine.v2.nodes.Node item : seq.getValue()) {
                items.add(fromYaml(item, file, budget, depth + 1));
            }
            return new ListNode(items, pos);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new Scalar(scalarValue(scalar), pos);
    }

    private static Object scalarValue(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String v = scalar.getValue();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
        }
        if (tag.equals(Tag.INT)) {
            try {
                BigInteger big = v.startsWith("0x") ? new BigInteger(v.substring(2), 16)
                        : v.startsWith("0o") ? new BigInteger(v.substring(2), 8) : new BigInteger(v);
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    static Node parseJson(String text, String display) throws ParseException {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ParseException(new Pos(display, 1, 1), "the file is empty. Write the JSON document, or delete the file");
            }
            int[] budget = {MAX_NODES};
            Node node = fromJson(parser, display, budget);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new ParseException(pos(parser.currentTokenLocation(), display),
                        "JSON syntax error: unexpected content after the document. Remove it");
            }
            return node;
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            throw new ParseException(pos(e.getLocation(), display), "JSON syntax error: " + message
                    + ". Fix the JSON at that position");
        } catch (StreamConstraintsException e) {
            throw new ParseException(new Pos(display, 1, 1), "JSON too large or too deep: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ParseException(new Pos(display, 1, 1), "JSON could not be read: " + e);
        }
    }

    private static Pos pos(JsonLocation location, String file) {
        if (location == null) {
            return new Pos(file, 1, 1);
        }
        return new Pos(file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    private static Node fromJson(JsonParser parser, String file, int[] budget) throws IOException, ParseException {
        Pos pos = pos(parser.currentTokenLocation(), file);
        if (--budget[0] < 0) {
            throw new ParseException(pos, "the document has more than " + MAX_NODES + " values. Split the file");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Pos> keys = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    keys.put(key, pos(parser.currentTokenLocation(), file));
                    parser.nextToken();
                    entries.put(key, fromJson(parser, file, budget));
                }
                return new MapNode(entries, keys, pos);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(fromJson(parser, file, budget));
                }
                return new ListNode(items, pos);
            }
            case VALUE_STRING:
                return new Scalar(parser.getText(), pos);
            case VALUE_NUMBER_INT:
                return new Scalar(parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue(), pos);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(parser.getDecimalValue(), pos);
            case VALUE_TRUE:
                return new Scalar(Boolean.TRUE, pos);
            case VALUE_FALSE:
                return new Scalar(Boolean.FALSE, pos);
            case VALUE_NULL:
                return new Scalar(null, pos);
            default:
                throw new ParseException(pos, "JSON syntax error: unexpected " + token + ". Fix the JSON at that position");
        }
    }
}
