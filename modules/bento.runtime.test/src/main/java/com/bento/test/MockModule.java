package com.bento.test;

import com.bento.Container;
import com.bento.Module;
import com.bento.runtime.RuntimeBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A test double for a whole module: it has a name, requires nothing and registers the given
 * services. Given to {@link RuntimeBuilder#withStandIn} (or declared with {@link TestMock} fields
 * of a {@link BentoTest}), it replaces the real module of its name, so the modules that require
 * that one find the doubles where they expect the real services.
 *
 * <pre>{@code
 * BentoRuntime.builder().withTestMode().discoverModules()
 *         .withStandIn(MockModule.of("payments", Map.of("payments.gateway", fakeGateway)))
 *         .build();
 * }</pre>
 */
public final class MockModule implements Module {
    private final String name;
    private final Map<String, Object> services;

    private MockModule(String name, Map<String, Object> services) {
        this.name = name;
        this.services = new LinkedHashMap<>(services);
    }

    /**
     * @param name the name of the module it stands in for
     * @param services what its {@code onRegister} sets, by entry name, in this map's order
     * @return the mock module
     */
    public static MockModule of(String name, Map<String, Object> services) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(services, "services");
        services.forEach((k, v) -> {
            Objects.requireNonNull(k, "service name");
            Objects.requireNonNull(v, () -> "service '" + k + "' of mock module '" + name + "'");
        });
        return new MockModule(name, services);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void onRegister(Container container) {
        services.forEach(container::set);
    }

    /** @return the name and the service names, as a failure message shows it */
    @Override
    public String toString() {
        return "MockModule[" + name + ", services=" + new java.util.TreeSet<>(services.keySet()) + "]";
    }
}
