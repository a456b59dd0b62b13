package com.bento.cache;

import com.bento.HealthCheck;
import com.bento.ServiceKey;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A cache of text values by key, in the container under {@code cache}. Values are strings: write
 * objects as JSON. Every key is stored under the configured prefix, so applications can share one
 * Redis. Entries expire after the configured TTL unless a put gives its own.
 *
 * <p>With the Redis backend, a call made while Redis does not answer fails within the configured
 * timeout with a {@link CacheException}, and calls work again once Redis is back: a cache is not a
 * source of truth, so callers usually catch it and go to the source.
 */
public interface Cache {

    /** The cache. */
    ServiceKey<Cache> KEY = ServiceKey.of("cache", Cache.class);

    /** The cache's health check. */
    ServiceKey<HealthCheck> HEALTH = ServiceKey.of("cache.health", HealthCheck.class);

    /**
     * @param key the key
     * @return the value, if cached and not expired
     * @throws CacheException when the backend fails
     */
    Optional<String> get(String key);

    /**
     * Caches a value for the default TTL.
     *
     * @param key the key
     * @param value the value
     * @throws CacheException when the backend fails
     */
    void put(String key, String value);

    /**
     * Caches a value for a given time.
     *
     * @param key the key
     * @param value the value
     * @param ttl how long it lives (positive)
     * @throws CacheException when the backend fails
     */
    void put(String key, String value, Duration ttl);

    /**
     * @param key the key
     * @return whether there was a value
     * @throws CacheException when the backend fails
     */
    boolean delete(String key);

    /**
     * The cached value, or the loader's, cached for the default TTL. The memory backend runs the
     * loader once per key however many threads ask at once; Redis runs it in each asking instance.
     * A loader returning {@code null} caches nothing.
     *
     * @param key the key
     * @param loader computes the value on a miss
     * @return the value, or empty when nothing was cached and the loader gave null
     * @throws CacheException when the backend fails
     */
    Optional<String> getOrLoad(String key, Function<? super String, ? extends @Nullable String> loader);

    /**
     * Removes every entry under this cache's prefix (and only those).
     *
     * @throws CacheException when the backend fails
     */
    void clear();

    /** @return {@code memory} or {@code redis} */
    String backend();
}
