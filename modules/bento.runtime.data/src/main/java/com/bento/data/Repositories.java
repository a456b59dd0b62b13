package com.bento.data;

import com.bento.ServiceKey;
import java.util.Set;

/**
 * The repositories of every aggregate, in the container under {@code repositories}. Modules
 * register theirs in {@code onRegister}; anyone asks by aggregate type.
 *
 * <pre>{@code
 * container.get(Repositories.KEY).register(Product.class, new JdbcProductRepository(db));
 * Repository<Product, Long> products = container.get(Repositories.KEY).of(Product.class);
 * }</pre>
 */
public interface Repositories {

    /** The repositories registry. */
    ServiceKey<Repositories> KEY = ServiceKey.of("repositories", Repositories.class);

    /**
     * @param aggregate the aggregate type
     * @param repository its repository
     * @param <T> the aggregate type
     * @throws IllegalStateException when the aggregate already has a repository
     */
    <T> void register(Class<T> aggregate, Repository<T, ?> repository);

    /**
     * @param aggregate the aggregate type
     * @param <T> the aggregate type
     * @param <ID> its identifier type, as the caller knows it
     * @return its repository
     * @throws com.bento.ServiceNotFoundException naming the aggregates that have a repository
     */
    <T, ID> Repository<T, ID> of(Class<T> aggregate);

    /** @return the aggregate types that have a repository */
    Set<Class<?>> aggregates();
}
