package com.bento.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Container;
import com.bento.GateFailedException;
import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate as an application meets it: through the runtime's builder, with the loader found by ServiceLoader. */
class ContractsGateTest {

    static final List<String> registered = new CopyOnWriteArrayList<>();

    record Named(String name) implements Module {
        @Override
        public void onRegister(Container container) {
            registered.add(name);
        }
    }

    @TempDir
    Path tmp;

    private RuntimeBuilder shop() {
        return BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withModules(new Named("catalog"), new Named("ordering"), new Named("payments"));
    }

    private static Path fixture() throws Exception {
        return Path.of(ContractsGateTest.class.getResource("/contracts").toURI());
    }

    @Test
    void validContractsAreInTheContainerBeforeAnyModuleRegisters() throws Exception {
        BentoRuntime runtime = shop().withContracts(fixture(), true).build();
        Contracts contracts = runtime.container().get("contracts", Contracts.class);
        assertThat(contracts.stateMachines().aggregates()).contains("Order");
        assertThat(runtime.gateResults()).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
        assertThat(runtime.performanceMonitor().runtimeInfo().contractsPresent()).isTrue();
        assertThat(runtime.startupMetrics().gates()).isPositive();
        runtime.close();
    }

    @Test
    void everyErrorFailsTheStartInOneMessageBeforeAnyModuleRegisters() throws Exception {
        Path root = tmp.resolve("contracts");
        Files.createDirectories(root.resolve("reason-codes"));
        Files.createDirectories(root.resolve("routing"));
        Files.writeString(root.resolve("reason-codes/a.json"), "{\"reason_codes\": [{\"reason_code\": \"X\", \"http_status\": 0}]}");
        Files.writeString(root.resolve("routing/routing.yaml"), "routes:\n  - {event_type: E, topic: t, produced_by: billing}\n");
        registered.clear();

        assertThatThrownBy(() -> shop().withContracts(root, true).build()).isInstanceOf(GateFailedException.class)
                .hasMessage("Startup gates failed for service 'shop' with 2 error(s); no module was registered:\n"
                        + "[contracts] " + root.resolve("reason-codes/a.json") + ":1:55: http_status of 'X' must be an HTTP"
                        + " status from 100 to 599, not the number 0\n"
                        + "[contracts] " + root.resolve("routing/routing.yaml") + ":2:44: produced_by of 'E' names module"
                        + " 'billing', which is not loaded. Loaded modules: catalog, ordering, payments. Put that module on"
                        + " the module path, or fix the name in the routing file");
        assertThat(registered).isEmpty();
    }

    @Test
    void aMissingFolderStopsTheStartOnlyWhenRequired() {
        Path missing = tmp.resolve("none");
        assertThatThrownBy(() -> shop().withContracts(missing, true).build()).isInstanceOf(GateFailedException.class)
                .hasMessageContaining("does not exist");
        BentoRuntime runtime = shop().withContracts(missing, false).build();
        assertThat(runtime.container().has("contracts")).isFalse();
        assertThat(runtime.gateResults().get(0).warnings()).singleElement().asString().contains("does not exist");
        runtime.close();
    }

    @com.bento.UsesContracts(stateMachines = "Invoice", reasonCodes = {"ORDER_NOT_FOUND", "INVOICE_LATE"},
            publishes = "InvoiceSent", consumes = "OrderPlaced")
    record Billing() implements Module {
        @Override
        public String name() {
            return "billing";
        }
    }

    @Test
    void aRequiredFolderWithNoContractsFailsTheStart() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> shop().withContracts(empty, true).build()).isInstanceOf(GateFailedException.class)
                .hasMessageContaining(empty.toAbsolutePath() + ": the contracts folder holds no contracts. Expected at"
                        + " least one of reason-codes/*.json, state-machines/<aggregate>.state-machine.yaml,"
                        + " routing/*routing*.yaml, events/<Type>.schema.json.");
    }

    @Test
    void whatAModuleUsesAndTheFolderLacksFailsTheStartNamingTheFileToAdd() throws Exception {
        Path dir = fixture();
        registered.clear();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> shop().withModules(new Billing())
                .withContracts(dir, true).build());
        String who = "module 'billing' (com.bento.contracts.ContractsGateTest$Billing)";
        String fix = ", or remove it from com.bento.contracts.ContractsGateTest$Billing's @UsesContracts";
        assertThat(thrown).isInstanceOf(GateFailedException.class).hasMessageContainingAll(
                dir.resolve("state-machines/invoice.state-machine.yaml") + ": missing: " + who
                        + " uses the state machine of aggregate 'Invoice'. Add that file (states, transitions)" + fix,
                dir.resolve("reason-codes") + ": missing: " + who + " answers with reason code 'INVOICE_LATE'.",
                dir.resolve("events/InvoiceSent.schema.json") + ": missing: " + who + " publishes event 'InvoiceSent'.",
                dir.resolve("routing") + ": missing: " + who + " publishes event 'InvoiceSent', which no route names.");
        assertThat(thrown.getMessage()).as("what the folder has is not reported")
                .doesNotContain("'ORDER_NOT_FOUND'", "event 'OrderPlaced'");
        assertThat(registered).as("no module registered").isEmpty();
    }

    @Test
    void aModuleThatUsesContractsWithoutAFolderFailsTheStart() {
        assertThatThrownBy(() -> shop().withModules(new Billing()).build()).isInstanceOf(GateFailedException.class)
                .hasMessageContaining("Module 'billing' (com.bento.contracts.ContractsGateTest$Billing) declares"
                        + " @UsesContracts, but no contracts folder is given. Give it with withContracts(dir, true)");
        assertThatThrownBy(() -> shop().withModules(new Billing()).withContracts(tmp.resolve("absent"), false).build())
                .as("require=false does not excuse what a module needs").isInstanceOf(GateFailedException.class)
                .hasMessageContaining("does not exist");
    }
}
