package com.bento.runtime;

import com.bento.ContainerException;
import com.bento.ServiceEntry;
import java.util.List;

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
public final class StandaloneContainer extends DefaultContainer implements AutoCloseable {

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

    /**
     * Closes every {@link AutoCloseable} the container holds, newest first; each is attempted.
     * Closing twice closes nothing more.
     *
     * @throws ContainerException the first failure to close, with the others suppressed in it
     */
    @Override
    public void close() {
        List<Throwable> failures = closeHeld();
        if (failures.isEmpty()) {
            return;
        }
        ContainerException first = (ContainerException) failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
    }
}
