package com.bento.runtime;

import com.bento.ContainerException;
import com.bento.ContainerException.Reason;
import com.bento.Lifetime;
import com.bento.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A scope: one instance of each scoped entry, created on first use and closed with the scope. */
final class DefaultScope implements Scope {
    private final DefaultContainer container;
    private final @Nullable DefaultScope outer;
    private final Object lock = new Object();
    private final Map<String, Object> instances = new HashMap<>();
    private final List<DefaultContainer.Closeable> closeables = new ArrayList<>();
    private boolean closed;

    DefaultScope(DefaultContainer container, @Nullable DefaultScope outer) {
        this.container = container;
        this.outer = outer;
    }

    @Override
    public <T> T get(String name, Class<T> type) {
        DefaultContainer.Entry entry = container.entry(name);
        if (entry == null) {
            // let the container build its usual message
            return container.get(name, type);
        }
        Object instance = entry.lifetime == Lifetime.SCOPED ? instance(entry) : container.produce(entry, this);
        return DefaultContainer.cast(entry, type, instance);
    }

    /** This scope's instance of a scoped entry, created on first use. */
    Object instance(DefaultContainer.Entry entry) {
        synchronized (lock) {
            if (closed) {
                throw new ContainerException(entry.name, Reason.CLOSED, "The scope is closed; scoped service '"
                        + entry.name + "' cannot be created in it. Look it up inside the try-with-resources block.");
            }
            Object existing = instances.get(entry.name);
            if (existing != null) {
                return existing;
            }
            Object created = container.create(entry);
            instances.put(entry.name, created);
            if (created instanceof AutoCloseable closeable) {
                closeables.add(new DefaultContainer.Closeable(entry.name, closeable));
            }
            return created;
        }
    }

    @Override
    public void close() {
        List<DefaultContainer.Closeable> toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(closeables);
            closeables.clear();
            instances.clear();
        }
        container.unbind(this, outer);
        Collections.reverse(toClose);
        List<Throwable> failures = DefaultContainer.closeAll(toClose);
        if (!failures.isEmpty()) {
            RuntimeException first = (RuntimeException) failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
