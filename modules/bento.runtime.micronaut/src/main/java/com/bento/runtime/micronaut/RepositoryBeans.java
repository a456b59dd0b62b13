package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.data.Repositories;
import com.bento.data.Repository;
import io.micronaut.core.type.Argument;
import java.util.List;
import java.util.Optional;

/** Bento's repositories as Micronaut beans; loaded only when Bento's data module is present. */
final class RepositoryBeans {
    private RepositoryBeans() {
    }

    /**
     * Each repository registered before the context starts (in {@code onRegister}) as a bean of type
     * {@code Repository<Aggregate, Id>}, the type arguments read from the repository's class.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static List<io.micronaut.context.RuntimeBeanDefinition<?>> definitions(Container container) {
        Optional<Repositories> registry = container.find(Repositories.KEY);
        if (registry.isEmpty()) {
            return List.of();
        }
        List<io.micronaut.context.RuntimeBeanDefinition<?>> defs = new java.util.ArrayList<>();
        for (Class<?> aggregate : registry.get().aggregates()) {
            Repository<?, ?> repository = registry.get().of(aggregate);
            Class<?> id = idType(repository.getClass());
            Argument<Repository> type = (Argument) Argument.of(Repository.class, aggregate, id);
            defs.add(io.micronaut.context.RuntimeBeanDefinition.builder(type, () -> (Repository) repository)
                    .singleton(true).build());
        }
        return defs;
    }

    private static Class<?> idType(Class<?> repositoryClass) {
        for (java.lang.reflect.Type t : repositoryClass.getGenericInterfaces()) {
            if (t instanceof java.lang.reflect.ParameterizedType p && p.getRawType() == Repository.class
                    && p.getActualTypeArguments()[1] instanceof Class<?> c) {
                return c;
            }
        }
        return Object.class;
    }

}
