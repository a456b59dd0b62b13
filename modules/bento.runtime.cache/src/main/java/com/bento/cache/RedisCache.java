package com.bento.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Redis backend, on one Lettuce connection (thread-safe, pipelined). Every command has the
 * configured timeout; while the connection is down, commands are rejected at once rather than queued,
 * and Lettuce reconnects in the background, so calls fail fast and recover by themselves.
 */
final class RedisCache implements Cache {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final Duration ttl;
    private final String where;

    private RedisCache(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix, Duration ttl,
                       String where) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.prefix = prefix;
        this.ttl = ttl;
        this.where = where;
    }

    /**
     * Connects and checks that Redis answers.
     *
     * @throws CacheException when Redis does not answer within the timeout
     */
    static RedisCache connect(CacheSettings settings, String prefix) {
        RedisURI uri;
        try {
            uri = RedisURI.create(settings.redisUrl());
        } catch (IllegalArgumentException e) {
            throw new com.bento.ConfigurationException("bento.cache.redis_url '" + com.bento.Settings.maskPasswords(String.valueOf(settings.redisUrl())) + "' is not a"
                    + " Redis URL (" + e.getMessage() + "); expected redis://host:6379/0");
        }
        uri.setTimeout(settings.timeout());
        String where = uri.getHost() + ":" + uri.getPort();
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            c.sync().ping();
            return new RedisCache(client, c, prefix, settings.ttl(), where);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new CacheException("Redis at " + where + " did not answer within " + settings.timeout().toMillis() + " ms ("
                    + rootMessage(e) + ")", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + root;
    }

    private <T> T call(String what, String key, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new CacheException("Redis cache at " + where + " failed on " + what + (key == null ? "" : " '" + key + "'")
                    + ": " + rootMessage(e) + ". Calls fail fast until Redis answers again; treat the cache as missing meanwhile",
                    e);
        }
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(call("GET", key, () -> redis.get(prefix + key)));
    }

    @Override
    public void put(String key, String value) {
        put(key, value, ttl);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        java.util.Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl for " + key + " is " + ttl + "; expected a positive duration");
        }
        call("SET", key, () -> redis.set(prefix + key, value, SetArgs.Builder.px(ttl.toMillis())));
    }

    @Override
    public boolean delete(String key) {
        return call("DEL", key, () -> redis.del(prefix + key)) > 0;
    }

    @Override
    public Optional<String> getOrLoad(String key, Function<? super String, ? extends @Nullable String> loader) {
        Optional<String> cached = get(key);
        if (cached.isPresent()) {
            return cached;
        }
        String v = loader.apply(key);
        if (v == null) {
            return Optional.empty();
        }
        put(key, v);
        return Optional.of(v);
    }

    @Override
    public void clear() {
        call("SCAN+UNLINK", prefix + "*", () -> {
            ScanArgs match = ScanArgs.Builder.matches(escape(prefix) + "*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return null;
        });
    }

    /** Escapes glob characters in the prefix, so that clear() removes only this prefix's keys. */
    private static String escape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public String backend() {
        return "redis";
    }

    boolean connected() {
        return connection.isOpen();
    }

    /** A PING within the call timeout: UP with its latency, or DOWN with the reason. */
    com.bento.Health health() {
        long begin = System.nanoTime();
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("backend", "redis");
        details.put("server", where);
        try {
            call("PING", null, redis::ping);
            details.put("latency_ms", (System.nanoTime() - begin) / 1_000_000.0);
            return new com.bento.Health(com.bento.Health.Status.UP, details);
        } catch (CacheException e) {
            details.put("error", rootMessage(e.getCause()));
            return new com.bento.Health(com.bento.Health.Status.DOWN, details);
        }
    }

    void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
