package com.bento.contracts;

import com.bento.GateResult;
import com.bento.ReasonCode;
import com.bento.contracts.Documents.ParseException;
import com.bento.contracts.Node.ListNode;
import com.bento.contracts.Node.MapNode;
import com.bento.contracts.Node.Pos;
import com.bento.contracts.Node.Scalar;
import com.bento.spi.ContractsLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks a contracts folder. Every problem is reported as {@code file:line:column:
 * what is wrong. How to fix it}; with {@code require=false} errors are reported as warnings.
 */
final class ContractsReader {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final String SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private final Path root;
    private final boolean require;
    private final Set<String> modules;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private final Map<String, com.bento.GateContext.ContractUse> uses;
    private final List<CompiledContracts.RoutePlaces> places = new ArrayList<>();
    private boolean contentOnly;
    private boolean fromCompiled;
    private boolean compiledWritten;

    ContractsReader(Path root, boolean require, Collection<String> modules) {
        this(root, require, modules, Map.of());
    }

    ContractsReader(Path root, boolean require, Collection<String> modules,
                    Map<String, com.bento.GateContext.ContractUse> uses) {
        this.root = root;
        this.require = require;
        this.modules = new LinkedHashSet<>(modules);
        this.uses = uses;
    }

    ContractsLoader.Loaded read() {
        if (!Files.isDirectory(root)) {
            String problem = "Contracts folder " + root.toAbsolutePath() + " does not exist. Create it (with"
                    + " reason-codes/, state-machines/, routing/, events/), fix the path given to withContracts, or"
                    + " pass require=false to start without contracts.";
            // what a module declares it uses is required, whatever the application asked for the folder
            return new ContractsLoader.Loaded(require || !uses.isEmpty() ? GateResult.failed("contracts", List.of(problem))
                    : new GateResult("contracts", List.of(), List.of(problem)), null, Contracts.class);
        }
        // the path taken at most starts: no lambdas, streams or string concatenation by invokedynamic, whose
        // first use in a JVM costs milliseconds each (measured by bench/contracts-gate.sh)
        Optional<Path> compiledFile = CompiledContracts.location(root);
        Optional<List<CompiledContracts.Source>> sources = compiledFile.isPresent() ? CompiledContracts.sources(root)
                : Optional.empty();
        Optional<CompiledContracts.Model> compiled = sources.isPresent()
                ? CompiledContracts.load(compiledFile.get(), root, sources.get()) : Optional.empty();
        Map<String, DefaultEventSchemas.Lazy> schemas = new TreeMap<>();
        DefaultEventSchemas.Lazy[] envelope = new DefaultEventSchemas.Lazy[1];
        CompiledContracts.Model model;
        if (compiled.isPresent()) {
            model = compiled.get();
            fromCompiled = true;
            warnings.addAll(model.warnings());
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            for (CompiledContracts.Source source : sources.get()) {
                bytes.put(source.path(), source.bytes());
            }
            for (String event : model.schemas()) {
                schemas.put(event, DefaultEventSchemas.Lazy.compiling(new SchemaSource(root, event,
                        bytes.get("events/".concat(event).concat(".schema.json")))));
            }
            if (model.envelope()) {
                envelope[0] = DefaultEventSchemas.Lazy.compiling(new SchemaSource(root, "envelope",
                        bytes.get("events/envelope.schema.json")));
            }
        } else {
            model = checkInFull(schemas, envelope);
            if (errors.isEmpty() && sources.isPresent()) {
                compiledWritten = CompiledContracts.store(compiledFile.get(), root, sources.get(), model);
            }
        }
        if (!contentOnly) {
            checkModules(model);
        }
        if (require && model.codes().isEmpty() && model.machines().isEmpty() && model.schemas().isEmpty()
                && model.routes().isEmpty() && errors.isEmpty()) {
            errors.add(root.toAbsolutePath() + ": the contracts folder holds no contracts. Expected at least one of"
                    + " reason-codes/*.json, state-machines/<aggregate>.state-machine.yaml, routing/*routing*.yaml,"
                    + " events/<Type>.schema.json. Add them, point withContracts (BENTO_CONTRACTS) at the right folder,"
                    + " or pass require=false");
        }
        List<String> missing = checkUses(model);
        DefaultContracts contracts = new DefaultContracts(root, new DefaultReasonCodes(model.codes()),
                new DefaultStateMachines(model.machines(), model.codes()), new DefaultEventRouting(model.routes()),
                new DefaultEventSchemas(schemas, envelope[0]));
        List<String> allErrors = new ArrayList<>(require ? errors : List.of());
        allErrors.addAll(missing);
        List<String> allWarnings = new ArrayList<>(require ? List.of() : errors);
        allWarnings.addAll(warnings);
        return new ContractsLoader.Loaded(new GateResult("contracts", allErrors, allWarnings), contracts, Contracts.class);
    }

    /** Parses and checks every file; fills the compiled schemas in. */
    private CompiledContracts.Model checkInFull(Map<String, DefaultEventSchemas.Lazy> schemas,
                                                DefaultEventSchemas.@Nullable Lazy[] envelope) {
        Map<String, ReasonCode> codes = readReasonCodes();
        Map<String, StateMachine> machines = readStateMachines();
        Schemas read = readSchemas();
        Map<String, Route> routes = readRouting(read);
        read.compiled.forEach((event, schema) -> schemas.put(event, DefaultEventSchemas.Lazy.of(schema)));
        envelope[0] = read.envelope == null ? null : DefaultEventSchemas.Lazy.of(read.envelope);
        return new CompiledContracts.Model(codes, machines, routes, places, read.compiled.keySet(),
                read.envelope != null, List.copyOf(warnings));
    }

    /**
     * A schema from the compiled file, compiled when first used: a class rather than a lambda, whose
     * creation would load the JSON Schema library's classes at start.
     */
    private static final class SchemaSource implements java.util.function.Supplier<JsonSchema> {
        private final Path root;
        private final String event;
        private final byte[] source;

        SchemaSource(Path root, String event, byte @Nullable [] source) {
            if (source == null) { // cannot happen: the compiled file lists only schemas whose files it holds
                throw new IllegalStateException("the compiled contracts lack the schema of ".concat(event));
            }
            this.root = root;
            this.event = event;
            this.source = source;
        }

        @Override
        public JsonSchema get() {
            String display = root.resolve("events").resolve(event + ".schema.json").toString();
            try {
                return Json.compile(Json.toJson(Documents.parseJson(new String(source, java.nio.charset.StandardCharsets.UTF_8),
                        display)));
            } catch (ParseException e) {
                throw new ContractException(e.pos + ": " + e.getMessage());
            }
        }
    }

    /** Whether this read used the compiled file instead of checking the folder in full. */
    boolean usedCompiled() {
        return fromCompiled;
    }

    /** Whether this read wrote the compiled file. */
    boolean wroteCompiled() {
        return compiledWritten;
    }

    /** Checks the folder only, without the application's modules (the build-time check). */
    ContractsReader contentOnly() {
        contentOnly = true;
        return this;
    }

    /** The modules routes name, against the modules loaded. */
    private void checkModules(CompiledContracts.Model model) {
        for (CompiledContracts.RoutePlaces at : model.places()) {
            checkModule(at.producer().pos(), at.producer().module(), "produced_by of '" + at.event() + "'");
            for (CompiledContracts.Named consumer : at.consumers()) {
                checkModule(consumer.pos(), consumer.module(), "a consumer of '" + at.event() + "'");
            }
        }
    }

    /**
     * What modules declared with {@code @UsesContracts} and the folder lacks; always errors, since the
     * module's first request that needs it would fail.
     */
    // the texts are built only when something is missing: string concatenation's first use costs milliseconds
    private static String who(String module, com.bento.GateContext.ContractUse use) {
        return "module '" + module + "' (" + use.declaredBy() + ")";
    }

    private static String fix(com.bento.GateContext.ContractUse use) {
        return ", or remove it from " + use.declaredBy() + "'s @UsesContracts";
    }

    private List<String> checkUses(CompiledContracts.Model model) {
        Map<String, ReasonCode> codes = model.codes();
        Map<String, StateMachine> machines = model.machines();
        Map<String, Route> routes = model.routes();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, com.bento.GateContext.ContractUse> entry : uses.entrySet()) {
            String module = entry.getKey();
            com.bento.GateContext.ContractUse use = entry.getValue();
            for (String aggregate : use.stateMachines()) {
                if (!machines.containsKey(aggregate)) {
                    missing.add(root.resolve("state-machines").resolve(aggregate.toLowerCase(java.util.Locale.ROOT)
                            + ".state-machine.yaml") + ": missing: " + who(module, use) + " uses the state machine of aggregate '"
                            + aggregate + "'. Add that file (states, transitions)" + fix(use));
                }
            }
            for (String code : use.reasonCodes()) {
                if (!codes.containsKey(code)) {
                    missing.add(root.resolve("reason-codes") + ": missing: " + who(module, use) + " answers with reason code '" + code
                            + "'. Add {\"reason_code\": \"" + code + "\", \"http_status\": ..., \"category\": ...,"
                            + " \"message\": ...} to a file in that folder" + fix(use));
                }
            }
            List<String> events = new ArrayList<>(use.publishes());
            use.consumes().stream().filter(e -> !events.contains(e)).forEach(events::add);
            for (String event : events) {
                if (!model.schemas().contains(event)) {
                    missing.add(root.resolve("events").resolve(event + ".schema.json") + ": missing: " + who(module, use) + " "
                            + (use.publishes().contains(event) ? "publishes" : "consumes") + " event '" + event
                            + "'. Add its JSON Schema (2020-12) there" + fix(use));
                }
            }
            for (String event : use.publishes()) {
                if (!routes.containsKey(event)) {
                    missing.add(root.resolve("routing") + ": missing: " + who(module, use) + " publishes event '" + event
                            + "', which no route names. Add {event_type: " + event + ", topic: ..., produced_by: " + module
                            + "} to a *routing*.yaml file there" + fix(use));
                }
            }
        }
        return missing;
    }

    // ---------------------------------------------------------------- reporting

    private void error(Pos pos, String message) {
        errors.add(pos + ": " + message);
    }

    private void warn(Pos pos, String message) {
        warnings.add(pos + ": " + message);
    }

    private List<Path> files(String folder, Predicate<String> wanted, String expected) {
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

    private Optional<Node> parse(Path file, boolean json) {
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

    private Optional<MapNode> map(Node node, String what) {
        if (node instanceof MapNode m) {
            return Optional.of(m);
        }
        error(node.pos(), what + " must be a mapping, not " + Node.describe(node));
        return Optional.empty();
    }

    private Optional<ListNode> list(Node node, String what) {
        if (node instanceof ListNode l) {
            return Optional.of(l);
        }
        error(node.pos(), what + " must be a list, not " + Node.describe(node));
        return Optional.empty();
    }

    private @Nullable String text(MapNode map, String key, boolean required, String context) {
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

    private List<String> texts(Node node, String key) {
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

    private void unknownKeys(MapNode map, Set<String> known, String context) {
        map.keys().forEach((k, pos) -> {
            if (!known.contains(k)) {
                warn(pos, "unknown key '" + k + "' in " + context + " is ignored. Known keys: " + String.join(", ", known));
            }
        });
    }

    // ---------------------------------------------------------------- reason codes

    private Map<String, ReasonCode> readReasonCodes() {
        Map<String, ReasonCode> codes = new LinkedHashMap<>();
        Map<String, Pos> firstSeen = new LinkedHashMap<>();
        for (Path file : files("reason-codes", n -> n.endsWith(".json"), "*.json")) {
            Optional<Node> doc = parse(file, true);
            if (doc.isEmpty()) {
                continue;
            }
            Optional<MapNode> top = map(doc.get(), "A reason-codes file");
            if (top.isEmpty()) {
                continue;
            }
            Node list = top.get().entries().get("reason_codes");
            if (list == null) {
                error(top.get().pos(), "missing key 'reason_codes'. Expected {\"reason_codes\": [{\"reason_code\": ...}]}");
                continue;
            }
            for (Node item : list(list, "'reason_codes'").map(ListNode::items).orElse(List.of())) {
                map(item, "A reason code entry").ifPresent(entry -> readReasonCode(entry, codes, firstSeen));
            }
        }
        return codes;
    }

    private void readReasonCode(MapNode entry, Map<String, ReasonCode> codes, Map<String, Pos> firstSeen) {
        unknownKeys(entry, new LinkedHashSet<>(List.of("reason_code", "http_status", "category", "retryable", "message")),
                "a reason code entry");
        String code = text(entry, "reason_code", true, "A reason code entry");
        if (code == null) {
            return;
        }
        Pos codePos = entry.entries().get("reason_code").pos();
        if (!CODE.matcher(code).matches()) {
            error(codePos, "reason code '" + code + "' is not valid: expected upper-case letters, digits and '_',"
                    + " starting with a letter, such as ORDER_NOT_FOUND");
            return;
        }
        int status = 500;
        Node statusNode = entry.entries().get("http_status");
        if (statusNode != null) {
            if (statusNode instanceof Scalar s && s.value() instanceof Long l && l >= 100 && l <= 599) {
                status = l.intValue();
            } else {
                error(statusNode.pos(), "http_status of '" + code + "' must be an HTTP status from 100 to 599, not "
                        + Node.describe(statusNode));
                return;
            }
        }
        String category = Optional.ofNullable(text(entry, "category", false, "")).orElse("UNKNOWN");
        boolean retryable = false;
        Node retry = entry.entries().get("retryable");
        if (retry != null) {
            if (retry instanceof Scalar s && s.value() instanceof Boolean b) {
                retryable = b;
            } else {
                error(retry.pos(), "retryable of '" + code + "' must be true or false, not " + Node.describe(retry));
            }
        }
        String message = "";
        Node msg = entry.entries().get("message");
        if (msg != null) {
            if (msg instanceof Scalar s && s.value() instanceof String str) {
                message = str;
            } else {
                error(msg.pos(), "message of '" + code + "' must be text, not " + Node.describe(msg));
            }
        }
        Pos first = firstSeen.putIfAbsent(code, codePos);
        if (first != null) {
            error(codePos, "duplicate reason code '" + code + "' (first defined at " + first
                    + "). Codes are unique across all reason-code files: remove or rename one");
            return;
        }
        codes.put(code, new ReasonCode(code, status, category, retryable, message));
    }

    // ---------------------------------------------------------------- state machines

    private Map<String, StateMachine> readStateMachines() {
        Map<String, StateMachine> machines = new TreeMap<>();
        Map<String, Pos> firstSeen = new LinkedHashMap<>();
        for (Path file : files("state-machines", n -> n.endsWith(".state-machine.yaml") || n.endsWith(".state-machine.yml"),
                "<aggregate>.state-machine.yaml")) {
            parse(file, false).flatMap(doc -> map(doc, "A state machine file")).ifPresent(top -> {
                StateMachine machine = readStateMachine(file, top);
                if (machine != null) {
                    Pos first = firstSeen.putIfAbsent(machine.aggregate(), top.pos());
                    if (first != null) {
                        error(top.pos(), "aggregate '" + machine.aggregate() + "' already has a state machine in "
                                + first.file() + ". Keep one file per aggregate");
                    } else {
                        machines.put(machine.aggregate(), machine);
                    }
                }
            });
        }
        return machines;
    }

    static String aggregateFromFileName(String fileName) {
        String base = fileName.replaceFirst("\\.state-machine\\.ya?ml$", "");
        StringBuilder out = new StringBuilder();
        for (String part : base.split("[-_.]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private @Nullable StateMachine readStateMachine(Path file, MapNode top) {
        unknownKeys(top, new LinkedHashSet<>(List.of("aggregate", "states", "terminal_states", "initial_state",
                "initial_states", "transitions")), "a state machine");
        String aggregate = Optional.ofNullable(text(top, "aggregate", false, ""))
                .orElse(aggregateFromFileName(file.getFileName().toString()));
        Node statesNode = top.entries().get("states");
        if (statesNode == null) {
            error(top.pos(), "state machine '" + aggregate + "' lacks 'states'. Add states: [DRAFT, SUBMITTED, ...]");
            return null;
        }
        List<String> states = texts(statesNode, "states");
        Set<String> declared = new LinkedHashSet<>();
        for (String s : states) {
            if (!declared.add(s)) {
                error(statesNode.pos(), "state '" + s + "' is listed twice in 'states' of '" + aggregate + "'. Remove one");
            }
        }
        if (declared.isEmpty()) {
            error(statesNode.pos(), "state machine '" + aggregate + "' has no states. List them under 'states'");
            return null;
        }
        Set<String> terminal = new LinkedHashSet<>();
        Node terminalNode = top.entries().get("terminal_states");
        if (terminalNode != null) {
            for (String t : texts(terminalNode, "terminal_states")) {
                if (!declared.contains(t)) {
                    error(terminalNode.pos(), undeclared(aggregate, t, "terminal_states", declared));
                }
                terminal.add(t);
            }
        }
        Set<String> initial = new LinkedHashSet<>();
        Node initialNode = top.entries().getOrDefault("initial_states", top.entries().get("initial_state"));
        if (initialNode != null) {
            List<String> given = initialNode instanceof ListNode ? texts(initialNode, "initial_states")
                    : Optional.ofNullable(text(top, top.entries().containsKey("initial_state") ? "initial_state" : "initial_states",
                    false, "")).map(List::of).orElse(List.of());
            for (String s : given) {
                if (!declared.contains(s)) {
                    error(initialNode.pos(), undeclared(aggregate, s, "initial state", declared));
                }
                initial.add(s);
            }
        }
        if (initial.isEmpty()) {
            initial.add(states.get(0));
        }
        Map<String, Map<String, String>> transitions = new LinkedHashMap<>();
        Map<String, Pos> transitionPos = new LinkedHashMap<>();
        Node transitionsNode = top.entries().get("transitions");
        if (transitionsNode != null) {
            for (Node t : list(transitionsNode, "'transitions'").map(ListNode::items).orElse(List.of())) {
                map(t, "A transition").ifPresent(tr -> readTransition(aggregate, tr, declared, terminal, transitions, transitionPos));
            }
        }
        // reachability from the initial states
        Set<String> reached = new HashSet<>(initial);
        Deque<String> todo = new ArrayDeque<>(initial);
        while (!todo.isEmpty()) {
            for (String next : transitions.getOrDefault(todo.pop(), Map.of()).values()) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        for (String s : declared) {
            if (!reached.contains(s)) {
                warn(statesNode.pos(), "state '" + s + "' of '" + aggregate + "' cannot be reached from the initial"
                        + " state(s) " + initial + ". Add a transition into it, or remove it");
            }
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        transitions.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return new StateMachine(aggregate, states, terminal, initial, frozen);
    }

    private void readTransition(String aggregate, MapNode tr, Set<String> declared, Set<String> terminal,
                                Map<String, Map<String, String>> transitions, Map<String, Pos> transitionPos) {
        unknownKeys(tr, new LinkedHashSet<>(List.of("from", "command", "to")), "a transition");
        String command = text(tr, "command", true, "A transition of '" + aggregate + "'");
        String to = text(tr, "to", true, "A transition of '" + aggregate + "'");
        if (command == null || to == null) {
            return;
        }
        if (!declared.contains(to)) {
            error(tr.entries().get("to").pos(), undeclared(aggregate, to, "'to'", declared));
            return;
        }
        Node fromNode = tr.entries().get("from");
        List<String> from;
        if (fromNode == null || (fromNode instanceof Scalar s && s.value() == null)) {
            from = declared.stream().filter(s -> !terminal.contains(s)).toList(); // null: from any non-terminal state
        } else if (fromNode instanceof ListNode) {
            from = texts(fromNode, "from");
        } else {
            String single = text(tr, "from", true, "");
            from = single == null ? List.of() : List.of(single);
        }
        Pos pos = fromNode == null ? tr.pos() : fromNode.pos();
        for (String f : from) {
            if (!declared.contains(f)) {
                error(pos, undeclared(aggregate, f, "'from'", declared));
                continue;
            }
            if (terminal.contains(f)) {
                error(pos, "terminal state '" + f + "' of '" + aggregate + "' has an outgoing transition ('" + command
                        + "' to '" + to + "'). Remove the transition, or remove '" + f + "' from terminal_states");
                continue;
            }
            String key = f + "\u0000" + command;
            Pos first = transitionPos.putIfAbsent(key, tr.pos());
            if (first != null) {
                error(tr.pos(), "command '" + command + "' is defined twice for state '" + f + "' of '" + aggregate
                        + "' (first at " + first + "). Keep one transition per state and command");
                continue;
            }
            transitions.computeIfAbsent(f, k -> new TreeMap<>()).put(command, to);
        }
    }

    private static String undeclared(String aggregate, String state, String where, Set<String> declared) {
        return where + " names state '" + state + "', which '" + aggregate + "' does not declare. Declared states: "
                + String.join(", ", declared) + ". Add it to 'states' or fix the name";
    }

    // ---------------------------------------------------------------- routing

    private Map<String, Route> readRouting(Schemas schemas) {
        Map<String, Route> routes = new TreeMap<>();
        Map<String, Pos> firstSeen = new LinkedHashMap<>();
        for (Path file : files("routing", n -> n.contains("routing") && (n.endsWith(".yaml") || n.endsWith(".yml")),
                "*routing*.yaml")) {
            parse(file, false).flatMap(doc -> map(doc, "A routing file")).ifPresent(top -> {
                Node list = top.entries().get("routes");
                if (list == null) {
                    error(top.pos(), "missing key 'routes'. Expected routes: [{event_type, topic, produced_by, consumers}]");
                    return;
                }
                for (Node item : list(list, "'routes'").map(ListNode::items).orElse(List.of())) {
                    map(item, "A route").ifPresent(r -> readRoute(r, routes, firstSeen, schemas));
                }
            });
        }
        return routes;
    }

    private void readRoute(MapNode r, Map<String, Route> routes, Map<String, Pos> firstSeen, Schemas schemas) {
        unknownKeys(r, new LinkedHashSet<>(List.of("event_type", "topic", "produced_by", "consumers")), "a route");
        String event = text(r, "event_type", true, "A route");
        String topic = text(r, "topic", true, "A route");
        String producer = text(r, "produced_by", true, "A route");
        List<String> consumers = r.entries().containsKey("consumers") ? texts(r.entries().get("consumers"), "consumers") : List.of();
        if (event == null || topic == null || producer == null) {
            return;
        }
        List<CompiledContracts.Named> named = new ArrayList<>();
        if (r.entries().get("consumers") instanceof ListNode consumerNodes) {
            for (Node c : consumerNodes.items()) {
                if (c instanceof Scalar s && s.value() instanceof String name) {
                    named.add(new CompiledContracts.Named(name, c.pos()));
                }
            }
        }
        places.add(new CompiledContracts.RoutePlaces(event,
                new CompiledContracts.Named(producer, r.entries().get("produced_by").pos()), named));
        Route existing = routes.get(event);
        if (existing != null) {
            if (!existing.topic().equals(topic)) {
                error(r.pos(), "event '" + event + "' is routed to topic '" + topic + "' here and to '" + existing.topic()
                        + "' at " + firstSeen.get(event) + ". An event type has one topic: keep one route");
            } else {
                warn(r.pos(), "event '" + event + "' is routed twice to topic '" + topic + "' (first at "
                        + firstSeen.get(event) + "). Remove the repeat");
            }
            return;
        }
        firstSeen.put(event, r.pos());
        routes.put(event, new Route(event, topic, producer, consumers));

        if (!schemas.compiled.containsKey(event)) {
            warn(r.pos(), "event '" + event + "' has no schema. Add " + root.resolve("events").resolve(event + ".schema.json"));
        }
    }

    private void checkModule(Pos pos, String module, String what) {
        if (modules.contains(module)) {
            return;
        }
        String message = what + " names module '" + module + "', which is not loaded. Loaded modules: "
                + (modules.isEmpty() ? "none" : String.join(", ", modules))
                + ". Put that module on the module path, or fix the name in the routing file";
        if (require) {
            error(pos, message);
        } else {
            warn(pos, message);
        }
    }

    // ---------------------------------------------------------------- event schemas

    /** The compiled schemas, by event type, and the envelope's. */
    static final class Schemas {
        final Map<String, JsonSchema> compiled = new TreeMap<>();
        @Nullable JsonSchema envelope;
    }

    private Schemas readSchemas() {
        Schemas schemas = new Schemas();
        List<Path> files = files("events", n -> n.endsWith(".schema.json"), "<event>.schema.json or envelope.schema.json");
        for (Path file : files) {
            String name = file.getFileName().toString();
            String event = name.substring(0, name.length() - ".schema.json".length());
            parse(file, true).ifPresent(doc -> {
                JsonSchema schema = compileSchema(doc);
                if (schema == null) {
                    return;
                }
                if (event.equals("envelope")) {
                    schemas.envelope = schema;
                } else {
                    schemas.compiled.put(event, schema);
                }
            });
        }
        boolean anyEventSchema = files.stream().anyMatch(f -> !f.getFileName().toString().equals("envelope.schema.json"));
        boolean envelopeFile = files.stream().anyMatch(f -> f.getFileName().toString().equals("envelope.schema.json"));
        if (anyEventSchema && !envelopeFile) {
            error(new Pos(root.resolve("events").toString(), 1, 1), "event schemas exist but envelope.schema.json does"
                    + " not. Add " + root.resolve("events").resolve("envelope.schema.json")
                    + " describing the envelope every event travels in");
        }
        return schemas;
    }

    private @Nullable JsonSchema compileSchema(Node doc) {
        if (!(doc instanceof MapNode top)) {
            error(doc.pos(), "a JSON Schema must be an object, not " + Node.describe(doc));
            return null;
        }
        Node declaredSchema = top.entries().get("$schema");
        if (declaredSchema != null && !(declaredSchema instanceof Scalar s && SCHEMA_2020_12.equals(s.value()))) {
            error(declaredSchema.pos(), "$schema is " + Node.describe(declaredSchema) + "; event schemas are JSON Schema"
                    + " 2020-12. Set \"$schema\": \"" + SCHEMA_2020_12 + "\" or remove the key");
            return null;
        }
        JsonNode json = Json.toJson(doc);
        List<String> problems = Json.metaValidate(json);
        if (!problems.isEmpty()) {
            for (String p : problems) {
                int colon = p.indexOf(':');
                String path = colon > 0 ? p.substring(0, colon) : "$";
                error(Json.locate(doc, path), "not a valid JSON Schema 2020-12: " + p + ". Fix the schema keyword at that position");
            }
            return null;
        }
        try {
            return Json.compile(json);
        } catch (RuntimeException e) {
            error(doc.pos(), "the schema could not be compiled: " + e.getMessage() + ". Fix the schema");
            return null;
        }
    }
}
