package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.runtime.Probe.CatalogModule;
import com.bento.runtime.Probe.Events;
import com.bento.runtime.Probe.InfraModule;
import com.bento.runtime.Probe.OrderingModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module graph: declared without running anything, and live with what each module registered. */
class ModuleGraphTest {
    private final Events events = new Events();

    private RuntimeBuilder shop() {
        return BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withModules(new OrderingModule(events), new CatalogModule(events), new InfraModule(events));
    }

    @Test
    void theDeclaredGraphRunsNoHookAndListsTheModulesInStartOrder() {
        ModuleGraph graph = shop().graph();
        assertThat(events.list).as("no hook ran").isEmpty();
        assertThat(graph.modules()).extracting(ModuleGraph.Node::name).containsExactly("infra", "catalog", "ordering");
        assertThat(graph.modules()).extracting(ModuleGraph.Node::state).containsOnly("RESOLVED");
        assertThat(graph.modules().get(2).requires()).containsExactly("infra", "catalog");
        assertThat(graph.toMermaid()).isEqualTo("""
                flowchart LR
                  m_infra["infra"]
                  m_catalog["catalog"]
                  m_ordering["ordering"]
                  m_catalog --> m_infra
                  m_ordering --> m_infra
                  m_ordering --> m_catalog
                """);
    }

    @Test
    void theLiveGraphHasTheServicesEachModuleRegisteredAndItsState() {
        BentoRuntime runtime = shop().build().start();
        ModuleGraph graph = runtime.graph();
        assertThat(graph.modules()).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo("STARTED");
            assertThat(n.services()).extracting(ModuleGraph.Service::name).as("only what %s registered", n.name())
                    .containsExactly(n.name() + ".service");
        });
        assertThat(runtime.container().entries()).filteredOn(e -> e.name().equals("runtime")).singleElement()
                .satisfies(e -> assertThat(e.owner()).as("the runtime's own entries have no module").isEmpty());
        assertThat((java.util.List<?>) graph.asMap().get("modules")).hasSize(3);
        assertThat(graph.withRoutes(n -> List.of(new ModuleGraph.Route("GET", "/" + n.name()))).modules().get(0).routes())
                .containsExactly(new ModuleGraph.Route("GET", "/infra"));
        runtime.close();
    }
}
