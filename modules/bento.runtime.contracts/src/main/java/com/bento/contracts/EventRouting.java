package com.bento.contracts;

import java.util.Collection;
import java.util.List;

/** The event routing matrix from {@code routing/*routing*.yaml}. */
public interface EventRouting {

    /**
     * @param eventType an event type
     * @return the topic it is published on
     * @throws ContractException when no route names the event (the message lists the routed ones)
     */
    String topicFor(String eventType);

    /**
     * @param eventType an event type
     * @return the modules that consume it
     * @throws ContractException when no route names the event
     */
    List<String> consumersOf(String eventType);

    /**
     * @param eventType an event type
     * @return the module that publishes it
     * @throws ContractException when no route names the event
     */
    String producedBy(String eventType);

    /** @return every route, by event type */
    Collection<Route> routes();
}
