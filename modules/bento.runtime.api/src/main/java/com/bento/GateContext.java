package com.bento;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link StartupGate} may look at.
 *
 * @param serviceName the application's service name
 * @param environment {@code local}, {@code dev}, {@code test}, {@code stage} or {@code prod}
 * @param modules the names of the loaded modules, in start order
 * @param testMode whether the runtime runs in test mode
 */
public record GateContext(String serviceName, String environment, List<String> modules, boolean testMode) {
    /** Validates and copies the components. */
    public GateContext {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(environment, "environment");
        modules = List.copyOf(modules);
    }
}
