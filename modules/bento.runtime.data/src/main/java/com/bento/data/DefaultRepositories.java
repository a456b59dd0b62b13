package com.bento.data;

import com.bento.ServiceNotFoundException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Repositories by aggregate type. */
final class DefaultRepositories implements Repositories {
    private final Map<Class<?>, Repository<?, ?>> repositories = new ConcurrentHashMap<>();

    @Override
    public <T> void register(Class<T> aggregate, Repository<T, ?> repository) {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(repository, "repository");
        Repository<?, ?> existing = repositories.putIfAbsent(aggregate, repository);
        if (existing != null) {
            throw new IllegalStateException("Aggregate " + aggregate.getName() + " already has a repository ("
                    + existing.getClass().getName() + "); " + repository.getClass().getName()
                    + " was refused. An aggregate has one repository: register only one.");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, ID> Repository<T, ID> of(Class<T> aggregate) {
        Repository<?, ?> r = repositories.get(aggregate);
        if (r == null) {
            String known = repositories.isEmpty() ? "none" : repositories.keySet().stream().map(Class::getName).sorted()
                    .collect(Collectors.joining(", "));
            throw new ServiceNotFoundException(aggregate.getName(), "No repository is registered for aggregate "
                    + aggregate.getName() + ". Aggregates with a repository: " + known + ". Register one in the owning"
                    + " module's onRegister: repositories.register(" + aggregate.getSimpleName() + ".class, repository).");
        }
        return (Repository<T, ID>) r;
    }

    @Override
    public Set<Class<?>> aggregates() {
        return Set.copyOf(repositories.keySet());
    }
}
