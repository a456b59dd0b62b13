package com.bento.contracts;

import com.bento.contracts.Documents.ParseException;
import com.bento.contracts.Node.ListNode;
import com.bento.contracts.Node.MapNode;
import com.bento.contracts.Node.Pos;
import com.bento.contracts.Node.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A contracts folder's files as the readers see them: listing a subfolder, parsing a document,
 * typed access to its nodes, and the problems found, each as {@code file:line:column: message}.
 * One instance is shared by the readers of one folder, so the problems come in reading order.
 */
final class ContractFiles {
    final Path root;
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    ContractFiles(Path root) {
        this.root = root;
    }

    // ---------------------------------------------------------------- reporting

    void error(Pos pos, String message) {
        errors.add(pos + ": " + message);
    }

    void warn(Pos pos, String message) {
        warnings.add(pos + ": " + message);
    }

    List<Path> files(String folder, Predicate<String> wanted, String expected) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && wanted.test(name)) {
                    found.add(p);
                } else if (Files.isRegularFile(p) && !name.startsWith(".")) {
                    warn(new Pos(p.toString(), 1, 1), "ignored: files in " + folder + "/ are read when named "
                            + expected + ". Rename the file or move it elsewhere");
                }
            }
        } catch (IOException e) {
            error(new Pos(dir.toString(), 1, 1), "cannot list the folder: " + e);
        }
        return found;
    }

    Optional<Node> parse(Path file, boolean json) {
        String display = file.toString();
        try {
            String text = Documents.read(file, display);
            return Optional.of(json ? Documents.parseJson(text, display) : Documents.parseYaml(text, display));
        } catch (ParseException e) {
            error(e.pos, e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- typed access with messages

    Optional<MapNode> map(Node node, String what) {
        if (node instanceof MapNode m) {
            return Optional.of(m);
        }
        error(node.pos(), what + " must be a mapping, not " + Node.describe(node));
        return Optional.empty();
    }

    Optional<ListNode> list(Node node, String what) {
        if (node instanceof ListNode l) {
            return Optional.of(l);
        }
        error(node.pos(), what + " must be a list, not " + Node.describe(node));
        return Optional.empty();
    }

    @Nullable String text(MapNode map, String key, boolean required, String context) {
        Node node = map.entries().get(key);
        if (node == null || (node instanceof Scalar s && s.value() == null)) {
            if (required) {
                error(map.pos(), context + " lacks '" + key + "'. Add " + key + ": <text>");
            }
            return null;
        }
        if (node instanceof Scalar s && s.value() instanceof String str && !str.isBlank()) {
            return str;
        }
        error(node.pos(), "'" + key + "' must be non-empty text, not " + Node.describe(node));
        return null;
    }

    List<String> texts(Node node, String key) {
        List<String> out = new ArrayList<>();
        Optional<ListNode> list = list(node, "'" + key + "'");
        list.ifPresent(l -> {
            for (Node item : l.items()) {
                if (item instanceof Scalar s && s.value() instanceof String str && !str.isBlank()) {
                    out.add(str);
                } else {
                    error(item.pos(), "each entry of '" + key + "' must be non-empty text, not " + Node.describe(item));
                }
            }
        });
        return out;
    }

    void unknownKeys(MapNode map, Set<String> known, String context) {
        map.keys().forEach((k, pos) -> {
            if (!known.contains(k)) {
                warn(pos, "unknown key '" + k + "' in " + context + " is ignored. Known keys: " + String.join(", ", known));
            }
        });
    }
}
