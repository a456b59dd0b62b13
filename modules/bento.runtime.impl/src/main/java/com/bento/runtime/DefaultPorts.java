package com.bento.runtime;

import com.bento.ContainerException;
import com.bento.Ports;
import com.bento.ServiceNotFoundException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Ports by interface; the runtime tells which module's hook is running, for provider names and messages. */
final class DefaultPorts implements Ports {
    private final Map<Class<?>, Object> ports = new ConcurrentHashMap<>();
    private final Map<Class<?>, String> providers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Supplier<@Nullable String> currentModule;
    private final Function<String, List<String>> requiresOf;

    DefaultPorts(Supplier<@Nullable String> currentModule, Function<String, List<String>> requiresOf) {
        this.currentModule = currentModule;
        this.requiresOf = requiresOf;
    }

    @Override
    public <T> void provide(Class<T> port, T implementation) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(implementation, "implementation");
        if (!port.isInterface()) {
            throw new IllegalArgumentException("Port " + port.getName() + " is not an interface; a port is an interface"
                    + " in the providing module's API package.");
        }
        if (!port.isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass().getName() + " does not implement port " + port.getName());
        }
        String module = Objects.requireNonNullElse(currentModule.get(), "(outside a module hook)");
        synchronized (providers) {
            String existing = providers.get(port);
            if (existing != null) {
                throw new ContainerException(port.getName(), ContainerException.Reason.DUPLICATE_NAME, "Port "
                        + port.getName() + " is already provided by module '" + existing + "'; module '" + module
                        + "' offered it again. One module provides each port: remove one of the provide calls.");
            }
            providers.put(port, module);
            ports.put(port, implementation);
        }
    }

    @Override
    public <T> T get(Class<T> port) {
        Object impl = ports.get(port);
        if (impl != null) {
            return port.cast(impl);
        }
        String asking = currentModule.get();
        String provided = providers.isEmpty() ? "none" : providers.entrySet().stream()
                .map(e -> e.getKey().getSimpleName() + " (by " + e.getValue() + ")").collect(Collectors.joining(", "));
        String who = asking == null ? "" : " Module '" + asking + "' asked for it; it requires "
                + (requiresOf.apply(asking).isEmpty() ? "no module" : String.join(", ", requiresOf.apply(asking)))
                + ", and a port is only there once the module providing it has registered.";
        throw new ServiceNotFoundException(port.getName(), "No module provides port " + port.getName() + "." + who
                + " Provided ports: " + provided + ". Fix: in the module that implements it, call"
                + " ports.provide(" + port.getSimpleName() + ".class, impl) in onRegister, and add that module to"
                + " @Requires of the module that uses the port.");
    }

    @Override
    public <T> Optional<T> find(Class<T> port) {
        Object impl = ports.get(port);
        return impl == null ? Optional.empty() : Optional.of(port.cast(impl));
    }

    @Override
    public Map<Class<?>, String> providers() {
        synchronized (providers) {
            return Map.copyOf(providers);
        }
    }
}
