package com.bento.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The memory backend: Caffeine, bounded by size, each entry with its own time to live. Keys are kept
 * as given: the prefix exists to share a Redis between applications, and this map belongs to one
 * runtime (building a prefixed key on every get cost more than the lookup).
 */
final class MemoryCache implements Cache {
    private record Entry(String value, long ttlNanos) {
    }

    private final com.github.benmanes.caffeine.cache.Cache<String, Entry> cache;
    private final long defaultTtl;

    MemoryCache(Duration ttl, long maxSize, Ticker ticker) {
        this.defaultTtl = ttl.toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).ticker(ticker).expireAfter(new Expiry<String, Entry>() {
            @Override
            public long expireAfterCreate(String key, Entry e, long now) {
                return e.ttlNanos();
            }

            @Override
            public long expireAfterUpdate(String key, Entry e, long now, long current) {
                return e.ttlNanos();
            }

            @Override
            public long expireAfterRead(String key, Entry e, long now, long current) {
                return current;
            }
        }).build();
    }

    @Override
    public Optional<String> get(String key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public void put(String key, String value) {
        cache.put(key, new Entry(java.util.Objects.requireNonNull(value, "value"), defaultTtl));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl for " + key + " is " + ttl + "; expected a positive duration");
        }
        cache.put(key, new Entry(java.util.Objects.requireNonNull(value, "value"), ttl.toNanos()));
    }

    @Override
    public boolean delete(String key) {
        return cache.asMap().remove(key) != null;
    }

    @Override
    public Optional<String> getOrLoad(String key, Function<? super String, ? extends @Nullable String> loader) {
        Entry e = cache.get(key, k -> {
            String v = loader.apply(key);
            return v == null ? null : new Entry(v, defaultTtl);
        });
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public String backend() {
        return "memory";
    }

    /** @return the entries kept, after Caffeine's pending evictions ran (for tests) */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
