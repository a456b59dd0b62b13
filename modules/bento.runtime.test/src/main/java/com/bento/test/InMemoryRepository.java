package com.bento.test;

import com.bento.data.OptimisticLock;
import com.bento.data.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Repository} in memory for tests, with the optimistic locking of Bento's JDBC
 * repositories: saving a versioned aggregate of version 0 inserts it as version 1 (refused when
 * the id exists, as a primary key would refuse it); saving version {@code n} updates it to
 * {@code n + 1} only while the stored version is {@code n}, and is otherwise refused with
 * {@code OPTIMISTIC_LOCK_CONFLICT} (409, retryable). Saves are atomic per aggregate, so concurrent
 * writers of one version see exactly one success. {@link #findAll()} is in identifier order.
 *
 * @param <T> the aggregate type
 * @param <ID> its identifier type, {@link Comparable}
 */
public final class InMemoryRepository<T, ID extends Comparable<ID>> implements Repository<T, ID> {

    private final Class<T> type;
    private final Function<T, ID> id;
    private final @Nullable ToLongFunction<T> version;
    private final @Nullable BiFunction<T, Long, T> withVersion;
    private final ConcurrentSkipListMap<ID, T> rows = new ConcurrentSkipListMap<>();

    private InMemoryRepository(Class<T> type, Function<T, ID> id, @Nullable ToLongFunction<T> version,
            @Nullable BiFunction<T, Long, T> withVersion) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = Objects.requireNonNull(id, "id");
        this.version = version;
        this.withVersion = withVersion;
    }

    /**
     * A repository of aggregates without a version: a save stores the aggregate as it is.
     *
     * @param type the aggregate type, named in errors
     * @param id reads an aggregate's identifier
     * @param <T> the aggregate type
     * @param <ID> its identifier type
     * @return an empty repository
     */
    public static <T, ID extends Comparable<ID>> InMemoryRepository<T, ID> of(Class<T> type, Function<T, ID> id) {
        return new InMemoryRepository<>(type, id, null, null);
    }

    /**
     * A repository of versioned aggregates, locked optimistically like the JDBC ones.
     *
     * @param type the aggregate type, named in errors
     * @param id reads an aggregate's identifier
     * @param version reads its version (0 for one never stored)
     * @param withVersion the same aggregate with another version
     * @param <T> the aggregate type
     * @param <ID> its identifier type
     * @return an empty repository
     */
    public static <T, ID extends Comparable<ID>> InMemoryRepository<T, ID> versioned(Class<T> type, Function<T, ID> id,
            ToLongFunction<T> version, BiFunction<T, Long, T> withVersion) {
        return new InMemoryRepository<>(type, id, Objects.requireNonNull(version, "version"),
                Objects.requireNonNull(withVersion, "withVersion"));
    }

    @Override
    public Optional<T> findById(ID identifier) {
        return Optional.ofNullable(rows.get(identifier));
    }

    @Override
    public List<T> findAll() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public T save(T aggregate) {
        Objects.requireNonNull(aggregate, "aggregate");
        ID key = Objects.requireNonNull(id.apply(aggregate), () -> type.getSimpleName() + " has no id");
        ToLongFunction<T> v = version;
        BiFunction<T, Long, T> w = withVersion;
        if (v == null || w == null) {
            rows.put(key, aggregate);
            return aggregate;
        }
        long expected = v.applyAsLong(aggregate);
        T stored = w.apply(aggregate, expected + 1);
        // compute runs atomically for the key: two writers of one version cannot both pass the check
        rows.compute(key, (k, current) -> {
            // stored versions start at 1, so version 0 matches only an absent row
            long now = current == null ? 0 : v.applyAsLong(current);
            if (now != expected) {
                throw OptimisticLock.conflict(type, key, expected);
            }
            return stored;
        });
        return stored;
    }

    @Override
    public boolean deleteById(ID identifier) {
        return rows.remove(identifier) != null;
    }
}
