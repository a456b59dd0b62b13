package com.bento.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the application is made of: its modules in start order, what each requires, registers,
 * provides, serves and exchanges. From {@link BentoRuntime#graph()} (after the build: with the
 * services and ports each module registered and its state) or {@link RuntimeBuilder#graph()}
 * (without starting anything: what the modules declare). As JSON-ready maps ({@link #asMap()}) or as a
 * Mermaid flowchart ({@link #toMermaid()}) for documentation.
 *
 * @param service the application's service name
 * @param modules the modules, in start order
 */
public record ModuleGraph(String service, List<Node> modules) {

    /** Validates and copies the components. */
    public ModuleGraph {
        Objects.requireNonNull(service, "service");
        modules = List.copyOf(modules);
    }

    /**
     * One module.
     *
     * @param name its name
     * @param type its class
     * @param requires the modules it requires
     * @param database whether it needs the database
     * @param state its lifecycle state ({@code RESOLVED} in a graph of what is declared)
     * @param services the container entries its {@code onRegister} registered
     * @param ports the port interfaces it provides
     * @param controllers its web controllers' classes
     * @param routes its HTTP routes, where a web host knows them
     * @param publishes the event types it publishes ({@code @UsesContracts})
     * @param consumes the event types it consumes
     */
    public record Node(String name, String type, List<String> requires, boolean database, String state,
                       List<Service> services, List<String> ports, List<String> controllers, List<Route> routes,
                       List<String> publishes, List<String> consumes) {
        /** Validates and copies the components. */
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(state, "state");
            requires = List.copyOf(requires);
            services = List.copyOf(services);
            ports = List.copyOf(ports);
            controllers = List.copyOf(controllers);
            routes = List.copyOf(routes);
            publishes = List.copyOf(publishes);
            consumes = List.copyOf(consumes);
        }

        Node withRoutes(List<Route> served) {
            return new Node(name, type, requires, database, state, services, ports, controllers, served, publishes, consumes);
        }
    }

    /**
     * A container entry.
     *
     * @param name the entry's name
     * @param type its declared type
     * @param lifetime {@code SINGLETON}, {@code TRANSIENT} or {@code SCOPED}
     */
    public record Service(String name, String type, String lifetime) {
        /** Validates the components. */
        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(lifetime, "lifetime");
        }
    }

    /**
     * An HTTP route.
     *
     * @param method such as {@code GET}
     * @param path the URI template, such as {@code /orders/{id}}
     */
    public record Route(String method, String path) {
        /** Validates the components. */
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * What a module declares: its requirements, database use, controllers and the events of its
     * {@code @UsesContracts}; services and ports are added once it has registered.
     */
    static Node declared(ModuleDescriptor d, String state, List<Service> services, List<String> ports) {
        return new Node(d.name(), d.providerType().getName(), d.requires(), d.requiresDatabase(), state, services, ports,
                d.controllers().stream().map(Class::getName).toList(), List.of(),
                d.contracts().map(com.bento.GateContext.ContractUse::publishes).orElse(List.of()),
                d.contracts().map(com.bento.GateContext.ContractUse::consumes).orElse(List.of()));
    }

    /**
     * @param routesOf each module's routes, by module name, as a web host knows them
     * @return this graph with those routes
     */
    public ModuleGraph withRoutes(Function<Node, List<Route>> routesOf) {
        return new ModuleGraph(service, modules.stream().map(n -> n.withRoutes(routesOf.apply(n))).toList());
    }

    /** @return the graph as nested maps and lists of strings and booleans, ready for a JSON writer */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Node n : modules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("type", n.type());
            m.put("requires", n.requires());
            m.put("database", n.database());
            m.put("state", n.state());
            m.put("services", n.services().stream().map(s -> Map.of("name", s.name(), "type", s.type(),
                    "lifetime", s.lifetime())).map(ModuleGraph::ordered).toList());
            m.put("ports", n.ports());
            m.put("controllers", n.controllers());
            m.put("routes", n.routes().stream().map(r -> r.method() + " " + r.path()).toList());
            m.put("publishes", n.publishes());
            m.put("consumes", n.consumes());
            nodes.add(m);
        }
        out.put("modules", nodes);
        List<Map<String, Object>> events = new ArrayList<>();
        for (Node producer : modules) {
            for (String event : producer.publishes()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("event", event);
                e.put("producer", producer.name());
                e.put("consumers", modules.stream().filter(c -> c.consumes().contains(event)).map(Node::name).toList());
                events.add(e);
            }
        }
        out.put("events", events);
        return out;
    }

    private static Map<String, Object> ordered(Map<String, String> service) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", service.get("name"));
        m.put("type", service.get("type"));
        m.put("lifetime", service.get("lifetime"));
        return m;
    }

    /**
     * A Mermaid flowchart: a box per module (with a database mark and its state), a solid arrow from a
     * module to each module it requires, a dotted arrow labelled with the event from its producer to
     * each consumer.
     *
     * @return the chart's text, starting {@code flowchart LR}
     */
    public String toMermaid() {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (Node n : modules) {
            out.append("  ").append(id(n.name())).append("[\"").append(n.name());
            if (n.database()) {
                out.append(" (db)");
            }
            if (!n.state().equals("RESOLVED")) {
                out.append("<br/><small>").append(n.state().toLowerCase(Locale.ROOT)).append("</small>");
            }
            out.append("\"]\n");
        }
        for (Node n : modules) {
            for (String r : n.requires()) {
                out.append("  ").append(id(n.name())).append(" --> ").append(id(r)).append('\n');
            }
        }
        for (Node producer : modules) {
            for (String event : producer.publishes()) {
                for (Node consumer : modules) {
                    if (consumer.consumes().contains(event)) {
                        out.append("  ").append(id(producer.name())).append(" -. ").append(event).append(" .-> ")
                                .append(id(consumer.name())).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** A Mermaid node id: module names may hold '.' and '-', which Mermaid reads as syntax. */
    private static String id(String module) {
        return "m_" + module.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
