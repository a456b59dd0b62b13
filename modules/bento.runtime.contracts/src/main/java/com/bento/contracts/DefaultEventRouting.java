package com.bento.contracts;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The routes, by event type. */
final class DefaultEventRouting implements EventRouting {
    private final Map<String, Route> routes;

    DefaultEventRouting(Map<String, Route> routes) {
        this.routes = new TreeMap<>(routes);
    }

    private Route route(String eventType) {
        Route r = routes.get(eventType);
        if (r == null) {
            throw new ContractException("Event '" + eventType + "' has no route. Routed events: "
                    + (routes.isEmpty() ? "none" : String.join(", ", routes.keySet()))
                    + ". Add a route for it in routing/*routing*.yaml, or fix the event type.");
        }
        return r;
    }

    @Override
    public String topicFor(String eventType) {
        return route(eventType).topic();
    }

    @Override
    public List<String> consumersOf(String eventType) {
        return route(eventType).consumers();
    }

    @Override
    public String producedBy(String eventType) {
        return route(eventType).producedBy();
    }

    @Override
    public Collection<Route> routes() {
        return List.copyOf(routes.values());
    }
}
