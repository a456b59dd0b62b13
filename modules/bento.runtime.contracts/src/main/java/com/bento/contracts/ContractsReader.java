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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks a contracts folder. Every problem is reported as {@code file:line:column:
 * what is wrong. How to fix it}; with {@code require=false} in.errors are reported as in.warnings.
 */
final class ContractsReader {
    private static final String SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private final Path root;
    /** The folder's files, and the problems found in them. */
    private final ContractFiles in;
    private final boolean require;
    private final Set<String> modules;

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
        this.in = new ContractFiles(root);
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
            in.warnings.addAll(model.warnings());
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
            if (in.errors.isEmpty() && sources.isPresent()) {
                compiledWritten = CompiledContracts.store(compiledFile.get(), root, sources.get(), model);
            }
        }
        if (!contentOnly) {
            checkModules(model);
        }
        if (require && model.codes().isEmpty() && model.machines().isEmpty() && model.schemas().isEmpty()
                && model.routes().isEmpty() && in.errors.isEmpty()) {
            in.errors.add(root.toAbsolutePath() + ": the contracts folder holds no contracts. Expected at least one of"
                    + " reason-codes/*.json, state-machines/<aggregate>.state-machine.yaml, routing/*routing*.yaml,"
                    + " events/<Type>.schema.json. Add them, point withContracts (BENTO_CONTRACTS) at the right folder,"
                    + " or pass require=false");
        }
        List<String> missing = checkUses(model);
        DefaultContracts contracts = new DefaultContracts(root, new DefaultReasonCodes(model.codes()),
                new DefaultStateMachines(model.machines(), model.codes()), new DefaultEventRouting(model.routes()),
                new DefaultEventSchemas(schemas, envelope[0]));
        List<String> allErrors = new ArrayList<>(require ? in.errors : List.of());
        allErrors.addAll(missing);
        List<String> allWarnings = new ArrayList<>(require ? List.of() : in.errors);
        allWarnings.addAll(in.warnings);
        return new ContractsLoader.Loaded(new GateResult("contracts", allErrors, allWarnings), contracts, Contracts.class);
    }

    /** Parses and checks every file; fills the compiled schemas in. */
    private CompiledContracts.Model checkInFull(Map<String, DefaultEventSchemas.Lazy> schemas,
                                                DefaultEventSchemas.@Nullable Lazy[] envelope) {
        Map<String, ReasonCode> codes = new ReasonCodesReader(in).read();
        Map<String, StateMachine> machines = new StateMachinesReader(in).read();
        Schemas read = readSchemas();
        Map<String, Route> routes = readRouting(read);
        read.compiled.forEach((event, schema) -> schemas.put(event, DefaultEventSchemas.Lazy.of(schema)));
        envelope[0] = read.envelope == null ? null : DefaultEventSchemas.Lazy.of(read.envelope);
        return new CompiledContracts.Model(codes, machines, routes, places, read.compiled.keySet(),
                read.envelope != null, List.copyOf(in.warnings));
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
     * What modules declared with {@code @UsesContracts} and the folder lacks; always in.errors, since the
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

    private Map<String, Route> readRouting(Schemas schemas) {
        Map<String, Route> routes = new TreeMap<>();
        Map<String, Pos> firstSeen = new LinkedHashMap<>();
        for (Path file : in.files("routing", n -> n.contains("routing") && (n.endsWith(".yaml") || n.endsWith(".yml")),
                "*routing*.yaml")) {
            in.parse(file, false).flatMap(doc -> in.map(doc, "A routing file")).ifPresent(top -> {
                Node list = top.entries().get("routes");
                if (list == null) {
                    in.error(top.pos(), "missing key 'routes'. Expected routes: [{event_type, topic, produced_by, consumers}]");
                    return;
                }
                for (Node item : in.list(list, "'routes'").map(ListNode::items).orElse(List.of())) {
                    in.map(item, "A route").ifPresent(r -> readRoute(r, routes, firstSeen, schemas));
                }
            });
        }
        return routes;
    }

    private void readRoute(MapNode r, Map<String, Route> routes, Map<String, Pos> firstSeen, Schemas schemas) {
        in.unknownKeys(r, new LinkedHashSet<>(List.of("event_type", "topic", "produced_by", "consumers")), "a route");
        String event = in.text(r, "event_type", true, "A route");
        String topic = in.text(r, "topic", true, "A route");
        String producer = in.text(r, "produced_by", true, "A route");
        List<String> consumers = r.entries().containsKey("consumers") ? in.texts(r.entries().get("consumers"), "consumers") : List.of();
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
                in.error(r.pos(), "event '" + event + "' is routed to topic '" + topic + "' here and to '" + existing.topic()
                        + "' at " + firstSeen.get(event) + ". An event type has one topic: keep one route");
            } else {
                in.warn(r.pos(), "event '" + event + "' is routed twice to topic '" + topic + "' (first at "
                        + firstSeen.get(event) + "). Remove the repeat");
            }
            return;
        }
        firstSeen.put(event, r.pos());
        routes.put(event, new Route(event, topic, producer, consumers));

        if (!schemas.compiled.containsKey(event)) {
            in.warn(r.pos(), "event '" + event + "' has no schema. Add " + root.resolve("events").resolve(event + ".schema.json"));
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
            in.error(pos, message);
        } else {
            in.warn(pos, message);
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
        List<Path> files = in.files("events", n -> n.endsWith(".schema.json"), "<event>.schema.json or envelope.schema.json");
        for (Path file : files) {
            String name = file.getFileName().toString();
            String event = name.substring(0, name.length() - ".schema.json".length());
            in.parse(file, true).ifPresent(doc -> {
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
            in.error(new Pos(root.resolve("events").toString(), 1, 1), "event schemas exist but envelope.schema.json does"
                    + " not. Add " + root.resolve("events").resolve("envelope.schema.json")
                    + " describing the envelope every event travels in");
        }
        return schemas;
    }

    private @Nullable JsonSchema compileSchema(Node doc) {
        if (!(doc instanceof MapNode top)) {
            in.error(doc.pos(), "a JSON Schema must be an object, not " + Node.describe(doc));
            return null;
        }
        Node declaredSchema = top.entries().get("$schema");
        if (declaredSchema != null && !(declaredSchema instanceof Scalar s && SCHEMA_2020_12.equals(s.value()))) {
            in.error(declaredSchema.pos(), "$schema is " + Node.describe(declaredSchema) + "; event schemas are JSON Schema"
                    + " 2020-12. Set \"$schema\": \"" + SCHEMA_2020_12 + "\" or remove the key");
            return null;
        }
        JsonNode json = Json.toJson(doc);
        List<String> problems = Json.metaValidate(json);
        if (!problems.isEmpty()) {
            for (String p : problems) {
                int colon = p.indexOf(':');
                String path = colon > 0 ? p.substring(0, colon) : "$";
                in.error(Json.locate(doc, path), "not a valid JSON Schema 2020-12: " + p + ". Fix the schema keyword at that position");
            }
            return null;
        }
        try {
            return Json.compile(json);
        } catch (RuntimeException e) {
            in.error(doc.pos(), "the schema could not be compiled: " + e.getMessage() + ". Fix the schema");
            return null;
        }
    }
}
