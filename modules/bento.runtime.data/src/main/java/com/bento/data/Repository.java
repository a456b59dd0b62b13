package com.bento.data;

import java.util.List;
import java.util.Optional;

/**
 * Where one aggregate type is kept. Implement it over JDBC, or adapt a Micronaut Data repository to
 * it, and register it in {@link Repositories} so that other code can ask for it by aggregate type.
 *
 * @param <T> the aggregate type
 * @param <ID> its identifier type
 */
public interface Repository<T, ID> {

    /**
     * @param id an identifier
     * @return the aggregate, if there is one with that id
     */
    Optional<T> findById(ID id);

    /** @return every aggregate, in the repository's order */
    List<T> findAll();

    /**
     * Inserts a new aggregate or updates an existing one. A versioned aggregate whose version is no
     * longer the stored one is refused with a {@link com.bento.BentoException} of reason
     * {@code OPTIMISTIC_LOCK_CONFLICT} (409); see {@link OptimisticLock}.
     *
     * @param aggregate the aggregate
     * @return the aggregate as stored (with its new version)
     */
    T save(T aggregate);

    /**
     * @param id an identifier
     * @return whether an aggregate was deleted
     */
    boolean deleteById(ID id);
}
