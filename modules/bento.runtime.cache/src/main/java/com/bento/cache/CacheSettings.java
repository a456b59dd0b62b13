package com.bento.cache;

import com.bento.ServiceKey;
import com.bento.ConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the cache is set up. Each key is read from what the application gave
 * ({@code withService("cache.settings", CacheSettings.of(Map.of("backend", "redis", ...)))}), else the
 * system property {@code bento.cache.<key>}, else the environment variable {@code BENTO_CACHE_<KEY>}.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>backend</td><td>memory</td><td>{@code memory} or {@code redis}</td></tr>
 * <tr><td>prefix</td><td>{@code <service>:}</td><td>put before every Redis key (the memory backend is the runtime's own)</td></tr>
 * <tr><td>ttl</td><td>10m</td><td>how long an entry lives unless its put says otherwise</td></tr>
 * <tr><td>max_size</td><td>10000</td><td>entries the memory backend keeps at most</td></tr>
 * <tr><td>redis_url</td><td>none</td><td>{@code redis://host:6379/0}; required with {@code backend=redis}</td></tr>
 * <tr><td>required</td><td>true</td><td>false: when Redis does not answer at start, warn and use memory</td></tr>
 * <tr><td>timeout</td><td>500ms</td><td>the longest a Redis call may take</td></tr>
 * <tr><td>readiness</td><td>true</td><td>whether Redis being down makes the instance not ready (its health
 *     check {@code cache.health} is DOWN either way)</td></tr>
 * </table>
 *
 * @param backend {@code memory} or {@code redis}
 * @param prefix put before every key; null for the service name and a colon
 * @param ttl the default time to live
 * @param maxSize the memory backend's bound
 * @param redisUrl the Redis URL, or null
 * @param required whether Redis not answering at start fails the start
 * @param timeout the Redis call timeout
 * @param readiness whether Redis being down makes the instance not ready
 */
public record CacheSettings(String backend, @Nullable String prefix, Duration ttl, long maxSize, @Nullable String redisUrl,
                            boolean required, Duration timeout, boolean readiness) {

    /** Settings an application may register before the cache module does, instead of the environment's. */
    public static final ServiceKey<CacheSettings> KEY = ServiceKey.of("cache.settings", CacheSettings.class);

    /** Validates. */
    public CacheSettings {
        if (!backend.equals("memory") && !backend.equals("redis")) {
            throw new ConfigurationException("bento.cache.backend is '" + backend + "'; expected memory or redis");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ConfigurationException("bento.cache.ttl is " + ttl + "; expected a positive duration such as 10m");
        }
        if (maxSize < 1) {
            throw new ConfigurationException("bento.cache.max_size is " + maxSize + "; expected 1 or more");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigurationException("bento.cache.timeout is " + timeout + "; expected a positive duration such as 500ms");
        }
        if (backend.equals("redis") && (redisUrl == null || redisUrl.isBlank())) {
            throw new ConfigurationException("bento.cache.backend is redis but bento.cache.redis_url is not set; set it (or"
                    + " BENTO_CACHE_REDIS_URL) to the server, such as redis://127.0.0.1:6379/0, or use backend=memory."
                    + " The cache does not fall back silently.");
        }
    }

    /** @return settings from system properties and the environment */
    public static CacheSettings fromEnvironment() {
        return of(Map.of());
    }

    /**
     * @param given keys as in the table above; what is missing comes from the environment
     * @return the settings
     * @throws ConfigurationException naming the key whose value is wrong
     */
    public static CacheSettings of(Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>(given);
        for (String key : values.keySet()) {
            if (!java.util.Set.of("backend", "prefix", "ttl", "max_size", "redis_url", "required", "timeout", "readiness")
                    .contains(key)) {
                throw new ConfigurationException("Unknown cache setting '" + key + "'; expected backend, prefix, ttl, max_size,"
                        + " redis_url, required, timeout or readiness");
            }
        }
        String backend = read(values, "backend").orElse("memory").toLowerCase(Locale.ROOT);
        String prefix = read(values, "prefix").orElse(null);
        Duration ttl = read(values, "ttl").map(v -> com.bento.Settings.duration("bento.cache.ttl", v)).orElse(Duration.ofMinutes(10));
        long maxSize = read(values, "max_size").map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException("bento.cache.max_size is '" + v + "'; expected a whole number");
            }
        }).orElse(10_000L);
        String url = read(values, "redis_url").orElse(null);
        boolean required = read(values, "required").map(v -> !v.equalsIgnoreCase("optional")
                && com.bento.Settings.flag("bento.cache.required", v)).orElse(true);
        Duration timeout = read(values, "timeout").map(v -> com.bento.Settings.duration("bento.cache.timeout", v)).orElse(Duration.ofMillis(500));
        boolean readiness = read(values, "readiness").map(v -> com.bento.Settings.flag("bento.cache.readiness", v)).orElse(true);
        return new CacheSettings(backend, prefix, ttl, maxSize, url, required, timeout, readiness);
    }

    private static Optional<String> read(Map<String, String> given, String key) {
        String v = given.get(key);
        if (v != null && !v.isBlank()) {
            return Optional.of(v.trim());
        }
        return com.bento.Settings.lookup("bento.cache." + key, "BENTO_CACHE_" + key.toUpperCase(Locale.ROOT));
    }

}
