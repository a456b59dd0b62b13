package com.bento.contracts;

import java.util.List;

/**
 * Where one event type goes, from {@code routing/*routing*.yaml}.
 *
 * @param eventType the event type, such as {@code OrderPlaced}
 * @param topic the topic it is published on
 * @param producedBy the module that publishes it
 * @param consumers the modules that consume it
 */
public record Route(String eventType, String topic, String producedBy, List<String> consumers) {
    /** Copies the consumers. */
    public Route {
        consumers = List.copyOf(consumers);
    }
}
