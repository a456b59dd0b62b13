package com.bento.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.BentoException;
import com.bento.GateResult;
import com.bento.ReasonCode;
import com.bento.spi.ContractsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of the contracts gate, each against a folder that breaks it. */
class ContractsReaderTest {

    static final List<String> MODULES = List.of("catalog", "ordering", "payments");

    @TempDir
    Path tmp;

    /** A copy of the valid fixture folder, with some files replaced or added. */
    private Path folder(Map<String, String> files) {
        try {
            Path root = tmp.resolve("contracts");
            Path fixture = Path.of(getClass().getResource("/contracts").toURI());
            try (Stream<Path> walk = Files.walk(fixture)) {
                for (Path p : walk.toList()) {
                    Path target = root.resolve(fixture.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path target = root.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                if (e.getValue() == null) {
                    Files.delete(target);
                } else {
                    Files.writeString(target, e.getValue());
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the folder in full, then starts again from what the first check compiled (when it found
     * no errors in the folder itself): both must give the same verdict, and the rules' tests below use
     * the second, so every rule holds on both paths.
     */
    private ContractsLoader.Loaded load(Path root, boolean require) {
        ContractsReader first = new ContractsReader(root, require, MODULES);
        ContractsLoader.Loaded checked = first.read();
        ContractsReader again = new ContractsReader(root, require, MODULES);
        ContractsLoader.Loaded loaded = again.read();
        assertThat(again.usedCompiled()).as("the second start uses the compiled file exactly when one was written")
                .isEqualTo(first.usedCompiled() || first.wroteCompiled());
        assertThat(loaded.result()).as("same verdict from the compiled file").isEqualTo(checked.result());
        return loaded;
    }

    private GateResult result(Map<String, String> files) {
        return load(folder(files), true).result();
    }

    private Contracts contracts() {
        ContractsLoader.Loaded loaded = load(folder(Map.of()), true);
        assertThat(loaded.result().errors()).isEmpty();
        return (Contracts) loaded.contracts();
    }

    @Test
    void theFixtureFolderLoadsWithoutErrorsOrWarnings() {
        ContractsLoader.Loaded loaded = load(folder(Map.of()), true);
        assertThat(loaded.result().errors()).isEmpty();
        assertThat(loaded.result().warnings()).isEmpty();
        assertThat(loaded.type()).isEqualTo(Contracts.class);
    }

    @Test
    void reasonCodesTakeDefaultsForAbsentFields() {
        ReasonCodes codes = contracts().reasonCodes();
        assertThat(codes.find("CATALOG_UNAVAILABLE")).contains(new ReasonCode("CATALOG_UNAVAILABLE", 500, "UNKNOWN", false, ""));
        assertThat(codes.find("ORDER_NOT_FOUND")).contains(new ReasonCode("ORDER_NOT_FOUND", 404, "NOT_FOUND", false, "Order not found"));
        assertThat(codes.byCategory("NOT_FOUND")).extracting(ReasonCode::code).containsExactly("PRODUCT_NOT_FOUND", "ORDER_NOT_FOUND");
        assertThat(codes.all()).hasSize(5);
        assertThat(codes.find("NOPE")).isEmpty();
    }

    @Test
    void aBentoExceptionTakesItsMessageStatusCategoryAndRetryabilityFromTheCatalog() {
        ReasonCodes codes = contracts().reasonCodes();
        BentoException e = codes.exception("PAYMENT_DECLINED", Map.of("order_id", "o-1"));
        assertThat(e).hasMessage("Payment declined");
        assertThat(e.httpStatus()).isEqualTo(402);
        assertThat(e.category()).isEqualTo("PAYMENT");
        assertThat(e.retryable()).isTrue();
        assertThat(e.details()).containsEntry("order_id", "o-1");
        BentoException bare = new BentoException("ORDER_NOT_FOUND", Map.of());
        assertThat(bare.resolved()).isFalse();
        assertThat(codes.resolve(bare).httpStatus()).isEqualTo(404);
        assertThatThrownBy(() -> codes.exception("ORDER_LOST", Map.of())).isInstanceOf(ContractException.class)
                .hasMessage("Reason code 'ORDER_LOST' is not in the catalog. Known codes: STATE_TRANSITION_INVALID,"
                        + " PRODUCT_NOT_FOUND, ORDER_NOT_FOUND, PAYMENT_DECLINED, CATALOG_UNAVAILABLE. Add it to a file in"
                        + " reason-codes/, or use a known code.");
    }

    @Test
    void stateMachinesValidateCommandsAndNameTheRefusal() {
        StateMachines machines = contracts().stateMachines();
        assertThat(machines.aggregates()).containsExactly("Order", "Return");
        assertThat(machines.validate("Order", "DRAFT", "Submit")).isEqualTo("SUBMITTED");
        assertThat(machines.allowedCommands("Order", "DRAFT")).containsExactly("Cancel", "Submit");
        assertThat(machines.terminalStates("Order")).containsExactlyInAnyOrder("COMPLETED", "CANCELLED");
        assertThatThrownBy(() -> machines.validate("Order", "COMPLETED", "Submit"))
                .isInstanceOf(StateTransitionException.class)
                .hasMessage("Order: command 'Submit' not allowed in state 'COMPLETED'")
                .satisfies(e -> {
                    StateTransitionException s = (StateTransitionException) e;
                    assertThat(s.reasonCode()).isEqualTo("STATE_TRANSITION_INVALID");
                    assertThat(s.httpStatus()).isEqualTo(409);
                    assertThat(s.details()).containsExactly(Map.entry("aggregate", "Order"),
                            Map.entry("current_state", "COMPLETED"), Map.entry("command", "Submit"));
                });
        assertThatThrownBy(() -> machines.validate("Invoice", "DRAFT", "Submit")).isInstanceOf(ContractException.class)
                .hasMessage("No state machine for aggregate 'Invoice'. Known aggregates: Order, Return. Add"
                        + " state-machines/<aggregate>.state-machine.yaml, or fix the name.");
        assertThat(machines.validate("Return", "REQUESTED", "Decide")).as("from: null means any non-terminal state")
                .isEqualTo("APPROVED");
    }

    @Test
    void anAggregateWithoutANameTakesItFromTheFileName() {
        assertThat(StateMachinesReader.aggregateFromFileName("order.state-machine.yaml")).isEqualTo("Order");
        assertThat(StateMachinesReader.aggregateFromFileName("sales-order.state-machine.yaml")).isEqualTo("SalesOrder");
    }

    @Test
    void routingAndSchemasAreServed() {
        Contracts c = contracts();
        assertThat(c.routing().topicFor("OrderPlaced")).isEqualTo("orders.placed");
        assertThat(c.routing().consumersOf("OrderPlaced")).containsExactly("catalog", "payments");
        assertThat(c.routing().producedBy("OrderCancelled")).isEqualTo("ordering");
        assertThatThrownBy(() -> c.routing().topicFor("OrderShipped")).isInstanceOf(ContractException.class)
                .hasMessage("Event 'OrderShipped' has no route. Routed events: OrderCancelled, OrderPlaced. Add a route"
                        + " for it in routing/*routing*.yaml, or fix the event type.");
        c.schemas().validate("OrderPlaced", Map.of("order_id", "o-1", "total", 12.5,
                "items", List.of(Map.of("sku", "A", "quantity", 1))));
        assertThatThrownBy(() -> c.schemas().validate("OrderPlaced", Map.of("order_id", "o-1", "total", -1,
                "items", List.of(Map.of("sku", "A", "quantity", 0)))))
                .isInstanceOf(EventValidationException.class)
                .satisfies(e -> assertThat(((EventValidationException) e).errors()).containsExactly(
                        "$.items[0].quantity: must have a minimum value of 1",
                        "$.total: must have a minimum value of 0"));
        assertThat(c.schemas().checkEnvelope(Map.of("event_id", "e-1"))).isNotEmpty();
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileLineAndColumn() {
        Path root = folder(Map.of("state-machines/order.state-machine.yaml", "states: [DRAFT, SUBMITTED\nterminal_states: [X]\n"));
        GateResult r = load(root, true).result();
        assertThat(r.errors()).containsExactly(root.resolve("state-machines/order.state-machine.yaml")
                + ":2:16: YAML syntax error: while parsing a flow sequence, expected ',' or ']', but got :. Fix the YAML at that position");
    }

    @Test
    void aJsonSyntaxErrorNamesTheFileLineAndColumn() {
        Path root = folder(Map.of("reason-codes/orders.json", "{\"reason_codes\": [\n  {\"reason_code\": \"A\",}\n]}"));
        assertThat(load(root, true).result().errors()).singleElement().asString()
                .startsWith(root.resolve("reason-codes/orders.json") + ":2:23: JSON syntax error: Unexpected character ('}' (code 125)): was expecting double-quote to start field name. Fix the JSON at that position");
    }

    @Test
    void reasonCodeRulesAreEnforced() {
        Path root = folder(Map.of(
                "reason-codes/more.json", "{\"reason_codes\": [{\"reason_code\": \"ORDER_NOT_FOUND\"},"
                        + " {\"reason_code\": \"TEAPOT\", \"http_status\": 999}, {\"http_status\": 400},"
                        + " {\"reason_code\": \"lower\"}]}",
                "reason-codes/wrong.json", "{\"codes\": []}"));
        String more = root.resolve("reason-codes/more.json").toString();
        assertThat(load(root, true).result().errors()).as("more.json sorts first, so orders.json holds the duplicate")
                .containsExactly(
                more + ":1:96: http_status of 'TEAPOT' must be an HTTP status from 100 to 599, not the number 999",
                more + ":1:102: A reason code entry lacks 'reason_code'. Add reason_code: <text>",
                more + ":1:140: reason code 'lower' is not valid: expected upper-case letters, digits and '_', starting"
                        + " with a letter, such as ORDER_NOT_FOUND",
                root.resolve("reason-codes/orders.json") + ":3:21: duplicate reason code 'ORDER_NOT_FOUND' (first defined at "
                        + more + ":1:35). Codes are unique across all reason-code files: remove or rename one",
                root.resolve("reason-codes/wrong.json") + ":1:1: missing key 'reason_codes'. Expected {\"reason_codes\":"
                        + " [{\"reason_code\": ...}]}");
    }

    @Test
    void stateMachineRulesAreEnforced() {
        Path root = folder(Map.of("state-machines/invoice.state-machine.yaml", String.join("\n",
                "states: [OPEN, SENT, PAID, VOID, LIMBO]",
                "terminal_states: [PAID, VOID]",
                "transitions:",
                "  - {from: OPEN, command: Send, to: SENT}",
                "  - {from: OPEN, command: Send, to: VOID}",
                "  - {from: SENT, command: Pay, to: SETTLED}",
                "  - {from: DRAFT, command: Open, to: OPEN}",
                "  - {from: PAID, command: Refund, to: OPEN}",
                "  - {from: SENT, command: Void, to: VOID}", "")));
        String file = root.resolve("state-machines/invoice.state-machine.yaml").toString();
        GateResult r = load(root, true).result();
        assertThat(r.errors()).containsExactly(
                file + ":5:5: command 'Send' is defined twice for state 'OPEN' of 'Invoice' (first at " + file
                        + ":4:5). Keep one transition per state and command",
                file + ":6:36: 'to' names state 'SETTLED', which 'Invoice' does not declare. Declared states: OPEN, SENT,"
                        + " PAID, VOID, LIMBO. Add it to 'states' or fix the name",
                file + ":7:12: 'from' names state 'DRAFT', which 'Invoice' does not declare. Declared states: OPEN, SENT,"
                        + " PAID, VOID, LIMBO. Add it to 'states' or fix the name",
                file + ":8:12: terminal state 'PAID' of 'Invoice' has an outgoing transition ('Refund' to 'OPEN')."
                        + " Remove the transition, or remove 'PAID' from terminal_states");
        assertThat(r.warnings()).containsExactly(file + ":1:9: state 'PAID' of 'Invoice' cannot be reached from the"
                + " initial state(s) [OPEN]. Add a transition into it, or remove it",
                file + ":1:9: state 'LIMBO' of 'Invoice' cannot be reached from the initial state(s) [OPEN]. Add a"
                        + " transition into it, or remove it");
    }

    @Test
    void routingRulesAreEnforced() {
        Path root = folder(Map.of("routing/more-routing.yaml", String.join("\n",
                "routes:",
                "  - {event_type: OrderPlaced, topic: orders.new, produced_by: ordering, consumers: [catalog]}",
                "  - {event_type: StockLow, topic: stock.low, produced_by: inventory, consumers: [catalog, billing]}", "")));
        String file = root.resolve("routing/more-routing.yaml").toString();
        GateResult strict = load(root, true).result();
        assertThat(strict.errors()).as("the folder's own errors first (more-routing.yaml sorts first, so"
                + " order-routing.yaml holds the clash), then the modules it names against those loaded").containsExactly(
                root.resolve("routing/order-routing.yaml") + ":2:5: event 'OrderPlaced' is routed to topic 'orders.placed'"
                        + " here and to 'orders.new' at " + file + ":2:5. An event type has one topic: keep one route",
                file + ":3:59: produced_by of 'StockLow' names module 'inventory', which is not loaded. Loaded modules:"
                        + " catalog, ordering, payments. Put that module on the module path, or fix the name in the routing file",
                file + ":3:91: a consumer of 'StockLow' names module 'billing', which is not loaded. Loaded modules:"
                        + " catalog, ordering, payments. Put that module on the module path, or fix the name in the routing file");
        assertThat(strict.warnings()).containsExactly(file + ":3:5: event 'StockLow' has no schema. Add "
                + root.resolve("events").resolve("StockLow.schema.json"));
        GateResult lenient = load(root, false).result();
        assertThat(lenient.errors()).isEmpty();
        assertThat(lenient.warnings()).hasSize(4);
    }

    @Test
    void schemaRulesAreEnforced() {
        Map<String, String> files = new java.util.HashMap<>();
        files.put("events/envelope.schema.json", null);
        files.putAll(Map.of(
                "events/Broken.schema.json", "{\n  \"type\": \"object\",\n  \"properties\": {\"total\": {\"minimum\": \"zero\"}}\n}",
                "events/Old.schema.json", "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}"));
        Path root = folder(files);
        GateResult r = load(root, true).result();
        assertThat(r.errors()).containsExactly(
                root.resolve("events/Broken.schema.json") + ":3:39: not a valid JSON Schema 2020-12:"
                        + " $.properties.total.minimum: string found, number expected. Fix the schema keyword at that position",
                root.resolve("events/Old.schema.json") + ":1:13: $schema is the text"
                        + " 'http://json-schema.org/draft-07/schema#'; event schemas are JSON Schema 2020-12. Set \"$schema\":"
                        + " \"https://json-schema.org/draft/2020-12/schema\" or remove the key",
                root.resolve("events") + ":1:1: event schemas exist but envelope.schema.json does not. Add "
                        + root.resolve("events").resolve("envelope.schema.json")
                        + " describing the envelope every event travels in");
    }

    @Test
    void aMissingFolderIsAnErrorOnlyWhenRequired() {
        Path missing = tmp.resolve("nowhere");
        String problem = "Contracts folder " + missing.toAbsolutePath() + " does not exist. Create it (with reason-codes/,"
                + " state-machines/, routing/, events/), fix the path given to withContracts, or pass require=false to"
                + " start without contracts.";
        assertThat(load(missing, true).result().errors()).containsExactly(problem);
        ContractsLoader.Loaded lenient = load(missing, false);
        assertThat(lenient.result().errors()).isEmpty();
        assertThat(lenient.result().warnings()).containsExactly(problem);
        assertThat(lenient.contracts()).isNull();
    }

    @Test
    void yamlAliasBombsAndOversizedFilesAreRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append((char) ('a' + i)).append(": &").append((char) ('a' + i)).append(" [");
            for (int k = 0; k < 10; k++) {
                bomb.append(k == 0 ? "" : ", ").append('*').append((char) ('a' + i - 1));
            }
            bomb.append("]\n");
        }
        GateResult r = result(Map.of("state-machines/bomb.state-machine.yaml", bomb.toString(),
                "routing/big-routing.yaml", "# " + "x".repeat((int) Documents.MAX_FILE_BYTES)));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("bomb.state-machine.yaml").contains("alias"));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("big-routing.yaml:1:1: file is")
                .contains("over the limit of 1048576 bytes"));
    }

    @Test
    void yamlTagsNeverInstantiateClasses() {
        GateResult r = result(Map.of("state-machines/evil.state-machine.yaml",
                "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/x\"]]]]\n"));
        assertThat(r.errors()).singleElement().asString().endsWith("A state machine file must be a mapping, not a list");
    }

    @Test
    void filesThatDoNotMatchTheirFolderPatternAreIgnoredWithAWarning() {
        Path root = folder(Map.of("state-machines/notes.txt", "todo"));
        assertThat(load(root, true).result().warnings()).containsExactly(root.resolve("state-machines/notes.txt")
                + ":1:1: ignored: files in state-machines/ are read when named <aggregate>.state-machine.yaml. Rename the"
                + " file or move it elsewhere");
    }
}
