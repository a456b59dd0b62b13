package com.bento.spi;

import com.bento.ServiceKey;
import java.util.List;
import java.util.Objects;

/**
 * The application a runtime is starting, as listeners see it; extensions that are modules themselves
 * (and do not depend on the core) find it in the container under {@code runtime.descriptor}.
 *
 * @param serviceName the service name
 * @param environment the environment ({@code local}, {@code dev}, {@code test}, {@code stage}, {@code prod})
 * @param modules the loaded modules' names, in start order
 */
public record RuntimeDescriptor(String serviceName, String environment, List<String> modules) {

    /** The running application's descriptor. */
    public static final ServiceKey<RuntimeDescriptor> KEY = ServiceKey.of("runtime.descriptor", RuntimeDescriptor.class);
    /** Validates and copies the components. */
    public RuntimeDescriptor {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(environment, "environment");
        modules = List.copyOf(modules);
    }
}
