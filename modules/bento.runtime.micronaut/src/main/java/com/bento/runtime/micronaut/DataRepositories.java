package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.data.Repositories;
import com.bento.data.Repository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.type.Argument;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Version;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.inject.BeanDefinition;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Registers every Micronaut Data {@link CrudRepository} in Bento's {@link Repositories} under its
 * entity type, unless a module registered its own for that aggregate, so that code asks for
 * repositories by aggregate type whatever implements them. Loaded only when both Bento's data
 * module and Micronaut Data are present.
 */
final class DataRepositories {
    private DataRepositories() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void register(ApplicationContext context, Container container) {
        Optional<Repositories> registry = container.find(Repositories.KEY);
        if (registry.isEmpty()) {
            return;
        }
        for (BeanDefinition<CrudRepository> definition : context.getBeanDefinitions(CrudRepository.class)) {
            List<Argument<?>> arguments = definition.getTypeArguments(CrudRepository.class);
            if (arguments.isEmpty()) {
                continue;
            }
            Class<?> entity = arguments.get(0).getType();
            if (registry.get().aggregates().contains(entity)) {
                continue;
            }
            CrudRepository repository = context.getBean(definition);
            registry.get().register((Class) entity, new Adapter(repository, entity));
        }
    }

    /** A Micronaut Data repository seen as a Bento {@link Repository}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class Adapter implements Repository<Object, Object> {
        private final CrudRepository repository;
        private final BeanIntrospection<Object> introspection;

        Adapter(CrudRepository repository, Class<?> entity) {
            this.repository = repository;
            this.introspection = (BeanIntrospection<Object>) BeanIntrospection.getIntrospection(entity);
        }

        @Override
        public Optional<Object> findById(Object id) {
            return repository.findById(id);
        }

        @Override
        public List<Object> findAll() {
            Iterable<Object> all = repository.findAll();
            return StreamSupport.stream(all.spliterator(), false).toList();
        }

        @Override
        public Object save(Object aggregate) {
            Object id = introspection.getIndexedProperty(Id.class).map(p -> p.get(aggregate))
                    .orElse(null);
            if (id == null) {
                return repository.save(aggregate);
            }
            boolean versioned = introspection.getIndexedProperty(Version.class).isPresent();
            return versioned || repository.existsById(id) ? repository.update(aggregate) : repository.save(aggregate);
        }

        @Override
        public boolean deleteById(Object id) {
            boolean existed = repository.existsById(id);
            repository.deleteById(id);
            return existed;
        }
    }
}
