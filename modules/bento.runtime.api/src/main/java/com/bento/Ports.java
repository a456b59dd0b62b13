package com.bento;

import java.util.Map;
import java.util.Optional;

/**
 * Services one module offers others through an interface in its API package, so that modules
 * depend on that interface rather than on each other's internals. In the container under
 * {@code ports}; a web host also makes each port injectable by its interface.
 *
 * <pre>{@code
 * // catalog, in onRegister
 * container.get(Ports.KEY).provide(PricingPort.class, new CatalogPricing(repo));
 * // ordering (@Requires("catalog")), in onRegister or later
 * PricingPort pricing = container.get(Ports.KEY).get(PricingPort.class);
 * }</pre>
 */
public interface Ports {

    /** The runtime's ports registry. */
    ServiceKey<Ports> KEY = ServiceKey.of("ports", Ports.class);

    /**
     * Offers an implementation of a port.
     *
     * @param port the port interface
     * @param implementation its implementation
     * @param <T> the port type
     * @throws ContainerException when another module already provides the port
     */
    <T> void provide(Class<T> port, T implementation);

    /**
     * @param port the port interface
     * @param <T> the port type
     * @return its implementation
     * @throws ServiceNotFoundException when no module provides it; the message names the asking
     *         module, what it requires and the ports that are provided
     */
    <T> T get(Class<T> port);

    /**
     * @param port the port interface
     * @param <T> the port type
     * @return its implementation, if a module provides it
     */
    <T> Optional<T> find(Class<T> port);

    /** @return every provided port, by interface, with the name of the module that provided it */
    Map<Class<?>, String> providers();
}
