package com.bento.contracts;

import com.bento.ReasonCode;
import com.bento.Settings;
import com.bento.contracts.Node.Pos;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A contracts folder that was checked once and found free of errors, kept so that the next start
 * need not parse YAML, build JSON trees or meta-validate schemas again (together most of the gate's
 * cold cost). The compiled file holds a byte-for-byte copy of every file the check read, the model
 * it produced (reason codes, state machines, routes with the positions of the module names they
 * mention, which schemas exist) and the warnings it gave; it is used only when every file in the
 * folder is identical to its copy and it was written by the same checking code (a key over the
 * checker's own class files and the JSON Schema library's version) for the folder as named this
 * time (messages carry its path). Otherwise the folder is checked
 * in full, as if the file did not exist, and rewritten when the check finds no errors.
 *
 * <p>What depends on the application rather than the folder (which modules are loaded, what they
 * declare with {@code @UsesContracts}, whether the folder is required) is checked again at every
 * start from the model. Event schemas are compiled on first use.
 *
 * <p>Where: {@code bento.contracts.compiled} ({@code BENTO_CONTRACTS_COMPILED}) names the file;
 * {@code off} turns it off; by default {@code <folder>/.bento/contracts.compiled}. A folder that
 * cannot be written is checked in full at every start.
 */
final class CompiledContracts {
    static final String DEFAULT_FILE = ".bento/contracts.compiled";
    static final String[] FOLDERS = {"reason-codes", "state-machines", "routing", "events"};
    private static final long MAGIC = 0x42454e544f434331L; // "BENTOCC1"
    private static final int FORMAT = 1;
    private static @Nullable String key;

    private CompiledContracts() {
    }

    /** One file the check reads, by its path relative to the folder. */
    record Source(String path, byte[] bytes) {
    }

    /** Where a route entry names modules, so a start can check them against its own modules. */
    record RoutePlaces(String event, Named producer, List<Named> consumers) {
    }

    /** A module name at a position. */
    record Named(String module, Pos pos) {
    }

    /** What a clean check of the folder produced. */
    record Model(Map<String, ReasonCode> codes, Map<String, StateMachine> machines, Map<String, Route> routes,
                 List<RoutePlaces> places, Set<String> schemas, boolean envelope, List<String> warnings) {
    }

    /** The file for a folder, or empty when turned off. */
    static Optional<Path> location(Path root) {
        String setting = Settings.lookup("bento.contracts.compiled", "BENTO_CONTRACTS_COMPILED", "");
        if (setting.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return Optional.of(setting.isBlank() ? root.resolve(DEFAULT_FILE) : Path.of(setting));
    }

    /**
     * Every file the check looks at, in the order it reads them; empty when one cannot be read or is
     * over the size limit (the full check then reports it).
     */
    static Optional<List<Source>> sources(Path root) {
        // java.io rather than NIO: its classes are loaded already when the gate runs, NIO's channels not
        List<Source> sources = new ArrayList<>();
        try {
            for (String folder : FOLDERS) {
                java.io.File dir = root.resolve(folder).toFile();
                String[] names = dir.list();
                if (names == null) {
                    continue; // not a folder
                }
                // the order the check reads them in: Path's order, which on Unix is the names' byte order
                List<Path> files = new ArrayList<>(names.length);
                for (String name : names) {
                    files.add(root.resolve(folder).resolve(name));
                }
                files.sort(null);
                for (Path p : files) {
                    String name = p.getFileName().toString();
                    java.io.File f = p.toFile();
                    if (!f.isFile() || name.startsWith(".")) {
                        continue;
                    }
                    if (f.length() > Documents.MAX_FILE_BYTES) {
                        return Optional.empty();
                    }
                    try (java.io.FileInputStream in = new java.io.FileInputStream(f)) {
                        sources.add(new Source(folder.concat("/").concat(name), in.readAllBytes()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(sources);
    }

    /** The model, when {@code file} was compiled from exactly these sources by this code. */
    static Optional<Model> load(Path file, Path root, List<Source> sources) {
        java.io.File f = file.toFile();
        if (!f.isFile()) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new java.io.FileInputStream(f)))) {
            if (in.readLong() != MAGIC || in.readInt() != FORMAT || !readString(in).equals(key())
                    || !readString(in).equals(root.toString())) {
                return Optional.empty();
            }
            int count = in.readInt();
            if (count != sources.size()) {
                return Optional.empty();
            }
            for (Source source : sources) {
                if (!readString(in).equals(source.path()) || !Arrays.equals(readBytes(in), source.bytes())) {
                    return Optional.empty();
                }
            }
            Map<String, ReasonCode> codes = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                ReasonCode code = new ReasonCode(readString(in), in.readInt(), readString(in), in.readBoolean(), readString(in));
                codes.put(code.code(), code);
            }
            Map<String, StateMachine> machines = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String aggregate = readString(in);
                List<String> states = readStrings(in);
                Set<String> terminal = new LinkedHashSet<>(readStrings(in));
                Set<String> initial = new LinkedHashSet<>(readStrings(in));
                Map<String, Map<String, String>> transitions = new LinkedHashMap<>();
                for (int j = in.readInt(); j > 0; j--) {
                    String from = readString(in);
                    Map<String, String> byCommand = new TreeMap<>();
                    for (int k = in.readInt(); k > 0; k--) {
                        byCommand.put(readString(in), readString(in));
                    }
                    transitions.put(from, Map.copyOf(byCommand));
                }
                machines.put(aggregate, new StateMachine(aggregate, states, terminal, initial, transitions));
            }
            Map<String, Route> routes = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                Route route = new Route(readString(in), readString(in), readString(in), readStrings(in));
                routes.put(route.eventType(), route);
            }
            List<RoutePlaces> places = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                String event = readString(in);
                Named producer = readNamed(in);
                List<Named> consumers = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    consumers.add(readNamed(in));
                }
                places.add(new RoutePlaces(event, producer, consumers));
            }
            Set<String> schemas = new LinkedHashSet<>(readStrings(in));
            boolean envelope = in.readBoolean();
            List<String> warnings = readStrings(in);
            return Optional.of(new Model(codes, machines, routes, places, schemas, envelope, warnings));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged or from another format: check in full
        }
    }

    /** Writes the file (through a temporary file moved into place); {@code false} when it cannot be written. */
    static boolean store(Path file, Path root, List<Source> sources, Model model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(MAGIC);
                out.writeInt(FORMAT);
                writeString(out, key());
                writeString(out, root.toString());
                out.writeInt(sources.size());
                for (Source source : sources) {
                    writeString(out, source.path());
                    writeBytes(out, source.bytes());
                }
                out.writeInt(model.codes().size());
                for (ReasonCode c : model.codes().values()) {
                    writeString(out, c.code());
                    out.writeInt(c.httpStatus());
                    writeString(out, c.category());
                    out.writeBoolean(c.retryable());
                    writeString(out, c.message());
                }
                out.writeInt(model.machines().size());
                for (StateMachine m : model.machines().values()) {
                    writeString(out, m.aggregate());
                    writeStrings(out, m.states());
                    writeStrings(out, List.copyOf(m.terminalStates()));
                    writeStrings(out, List.copyOf(m.initialStates()));
                    out.writeInt(m.transitions().size());
                    for (Map.Entry<String, Map<String, String>> from : new TreeMap<>(m.transitions()).entrySet()) {
                        writeString(out, from.getKey());
                        out.writeInt(from.getValue().size());
                        for (Map.Entry<String, String> t : new TreeMap<>(from.getValue()).entrySet()) {
                            writeString(out, t.getKey());
                            writeString(out, t.getValue());
                        }
                    }
                }
                out.writeInt(model.routes().size());
                for (Route r : model.routes().values()) {
                    writeString(out, r.eventType());
                    writeString(out, r.topic());
                    writeString(out, r.producedBy());
                    writeStrings(out, r.consumers());
                }
                out.writeInt(model.places().size());
                for (RoutePlaces places : model.places()) {
                    writeString(out, places.event());
                    writeNamed(out, places.producer());
                    out.writeInt(places.consumers().size());
                    for (Named n : places.consumers()) {
                        writeNamed(out, n);
                    }
                }
                writeStrings(out, List.copyOf(model.schemas()));
                out.writeBoolean(model.envelope());
                writeStrings(out, model.warnings());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".contracts", ".tmp");
            try {
                Files.write(temp, bytes.toByteArray());
                try { // readable like the files it copies (a temporary file is the owner's only)
                    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // the platform's default
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // a read-only folder: the next start checks in full again
        }
    }

    /**
     * What makes a compiled file trustworthy besides its sources: the checking code itself (a SHA-256
     * over this package's sources, made the constant {@link CheckerKey} by the build; hashing the class
     * files at start cost ~20 ms in a cold JVM) and the JSON Schema library's version as it runs.
     */
    static synchronized String key() {
        if (key == null) {
            key = CheckerKey.VALUE.concat("/").concat(schemaLibrary());
        }
        return key;
    }

    /** The JSON Schema library's version, read without loading its classes (which opens its jar). */
    private static String schemaLibrary() {
        ModuleLayer layer = CompiledContracts.class.getModule().getLayer();
        if (layer != null) {
            Optional<Module> library = layer.findModule("com.networknt.schema");
            if (library.isPresent() && library.get().getDescriptor() != null
                    && library.get().getDescriptor().rawVersion().isPresent()) {
                return library.get().getDescriptor().rawVersion().get();
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.contains("json-schema-validator")) {
                return entry.substring(entry.lastIndexOf(java.io.File.separatorChar) + 1);
            }
        }
        return "unknown"; // shaded or renamed: the checker's key alone
    }

    // ---------------------------------------------------------------- encoding

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > Documents.MAX_FILE_BYTES) {
            throw new IOException("bad length " + n);
        }
        return in.readNBytes(n);
    }

    private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > Documents.MAX_NODES) {
            throw new IOException("bad count " + n);
        }
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return list;
    }

    private static void writeNamed(DataOutputStream out, Named named) throws IOException {
        writeString(out, named.module());
        writeString(out, named.pos().file());
        out.writeInt(named.pos().line());
        out.writeInt(named.pos().column());
    }

    private static Named readNamed(DataInputStream in) throws IOException {
        return new Named(readString(in), new Pos(readString(in), in.readInt(), in.readInt()));
    }
}
