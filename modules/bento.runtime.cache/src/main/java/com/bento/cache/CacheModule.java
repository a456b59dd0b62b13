package com.bento.cache;

import com.bento.Container;
import com.bento.Module;
import com.bento.spi.RuntimeDescriptor;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The {@code cache} module: puts a {@link Cache} in the container under {@code cache} when it
 * registers (so that modules requiring it can use it in their own {@code onRegister} and warm it in
 * {@code onStartup}), and closes it at shutdown. A Redis cache connects at once, so that a Redis that
 * does not answer fails the start; a memory cache is built on first use. Modules that use it declare {@code @Requires("cache")}.
 * Settings: {@link CacheSettings}, from the container entry {@code cache.settings} or the environment.
 * With Redis, {@code cache.health} reports whether it answers a PING.
 */
public final class CacheModule implements Module {
    private static final System.Logger LOG = System.getLogger(CacheModule.class.getName());
    private RedisCache redis;

    /** Created by ServiceLoader. */
    public CacheModule() {
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public void onRegister(Container container) {
        CacheSettings settings = container.find(CacheSettings.KEY).orElseGet(CacheSettings::fromEnvironment);
        String prefix = settings.prefix() != null ? settings.prefix()
                : container.find(RuntimeDescriptor.KEY).map(RuntimeDescriptor::serviceName).orElse("bento") + ":";
        if (settings.backend().equals("redis")) {
            Cache cache;
            try {
                RedisCache connected = RedisCache.connect(settings, prefix);
                redis = connected;
                cache = connected;
                container.set(Cache.HEALTH, new CacheHealth(connected::health, settings.readiness()));
            } catch (CacheException e) {
                if (settings.required()) {
                    throw new CacheException("The cache backend is redis and " + e.getMessage() + ". Start Redis, fix"
                            + " bento.cache.redis_url, or set bento.cache.required=false to start on the memory backend with"
                            + " a warning", e);
                }
                LOG.log(System.Logger.Level.WARNING, "The cache backend is redis but " + e.getMessage() + "; using the memory"
                        + " backend instead (bento.cache.required=false). Entries are not shared between instances until a"
                        + " restart finds Redis");
                cache = new MemoryCache(settings.ttl(), settings.maxSize(), Ticker.systemTicker());
                String reason = e.getMessage();
                container.set(Cache.HEALTH, new CacheHealth(() -> new com.bento.Health(
                        com.bento.Health.Status.DEGRADED, java.util.Map.of("backend", "memory",
                        "error", "Redis did not answer at start (" + reason + "); entries are not shared")), false));
            }
            container.set(Cache.KEY, cache);
        } else {
            // built on first use: Caffeine's classes cost about 15 ms of a cold start, for an application
            // that may not touch the cache until its first request
            container.setFactory(Cache.KEY, () -> new MemoryCache(settings.ttl(), settings.maxSize(), Ticker.systemTicker()));
        }
    }

    /** The cache's health check; a cache that is down makes the instance not ready only when so configured. */
    private record CacheHealth(java.util.function.Supplier<com.bento.Health> probe, boolean readiness)
            implements com.bento.HealthCheck {
        @Override
        public com.bento.Health check() {
            return probe.get();
        }

        @Override
        public boolean affectsReadiness() {
            return readiness;
        }
    }

    @Override
    public void onShutdown(Container container) {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
