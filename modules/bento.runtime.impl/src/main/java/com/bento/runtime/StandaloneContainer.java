package com.bento.runtime;

import com.bento.Container;
import com.bento.ContainerException;
import com.bento.Lifetime;
import com.bento.Scope;
import com.bento.ServiceEntry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An empty container of its own, outside any runtime: the way to unit-test a module's
 * {@code onRegister} (or anything else that takes a {@link Container}) without building and
 * starting a runtime. It is the runtime's container, not a stand-in: a singleton factory runs
 * exactly once however many threads ask at the same time, a factory that asks for its own entry
 * fails with a cycle error naming the path, a factory that threw is tried again on the next lookup,
 * transient entries are made anew on every lookup, scopes give one instance per scope, and
 * {@link #close()} closes what the container holds in reverse order of arrival.
 *
 * <pre>{@code
 * try (StandaloneContainer container = StandaloneContainer.create()) {
 *     container.set("infra.datasource", DataSource.class, testDataSource);
 *     new CatalogModule().onRegister(container);
 *     assertThat(container.get("catalog.repo", CategoryRepository.class)).isNotNull();
 * }
 * }</pre>
 *
 * <p>Entries registered here have no owning module ({@link ServiceEntry#owner()} is empty): owners
 * are recorded by the runtime while a module's hook runs.
 */
public final class StandaloneContainer implements Container, AutoCloseable {

    private final DefaultContainer delegate = new DefaultContainer();

    private StandaloneContainer() {
    }

    /**
     * Makes an empty container.
     *
     * @return a container with no entries, to close when done
     */
    public static StandaloneContainer create() {
        return new StandaloneContainer();
    }

    @Override
    public void set(String name, Object instance) {
        delegate.set(name, instance);
    }

    @Override
    public <T> void set(String name, Class<T> type, T instance) {
        delegate.set(name, type, instance);
    }

    @Override
    public <T> void setFactory(String name, Class<T> type, Supplier<? extends T> factory) {
        delegate.setFactory(name, type, factory);
    }

    @Override
    public <T> void setFactory(String name, Class<T> type, Supplier<? extends T> factory, Lifetime lifetime) {
        delegate.setFactory(name, type, factory, lifetime);
    }

    @Override
    public Object get(String name) {
        return delegate.get(name);
    }

    @Override
    public <T> T get(String name, Class<T> type) {
        return delegate.get(name, type);
    }

    @Override
    public <T> Optional<T> find(String name, Class<T> type) {
        return delegate.find(name, type);
    }

    @Override
    public <T> T get(Class<T> type) {
        return delegate.get(type);
    }

    @Override
    public boolean has(String name) {
        return delegate.has(name);
    }

    @Override
    public Set<String> names() {
        return delegate.names();
    }

    @Override
    public List<ServiceEntry> entries() {
        return delegate.entries();
    }

    @Override
    public Scope openScope() {
        return delegate.openScope();
    }

    /**
     * Closes every {@link AutoCloseable} the container holds, newest first; each is attempted.
     * Closing twice closes nothing more.
     *
     * @throws ContainerException the first failure to close, with the others suppressed in it
     */
    @Override
    public void close() {
        List<Throwable> failures = delegate.close();
        if (failures.isEmpty()) {
            return;
        }
        ContainerException first = (ContainerException) failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
    }
}
