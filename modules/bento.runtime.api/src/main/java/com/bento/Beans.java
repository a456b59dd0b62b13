package com.bento;

import java.util.Optional;

/**
 * The beans of the host framework (a Micronaut Data repository, say), for modules that must not
 * depend on the framework's API. A web host puts one in the container under {@code beans} before
 * the modules register; it answers once the host's context has started, so use it in
 * {@code onStartup} or inside a lazy factory:
 *
 * <pre>{@code
 * container.setFactory("catalog.products", ProductRepository.class,
 *         () -> container.get(com.bento.Beans.KEY).get(ProductRepository.class));
 * }</pre>
 */
public interface Beans {

    /** The host framework's beans, when a host puts them in the container. */
    ServiceKey<Beans> KEY = ServiceKey.of("beans", Beans.class);

    /**
     * @param type the bean type
     * @param <T> the bean type
     * @return the one bean of that type
     * @throws ServiceNotFoundException when there is none, or the host has not started yet
     */
    <T> T get(Class<T> type);

    /**
     * @param type the bean type
     * @param <T> the bean type
     * @return the bean, if there is exactly one
     * @throws ServiceNotFoundException when the host has not started yet
     */
    <T> Optional<T> find(Class<T> type);
}
