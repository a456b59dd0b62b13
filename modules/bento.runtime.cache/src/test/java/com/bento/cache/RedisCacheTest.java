package com.bento.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.LifecycleException;
import com.bento.runtime.BentoRuntime;
import com.bento.testsupport.LocalRedis;
import com.bento.testsupport.RequiresServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The Redis backend against the real Redis at 127.0.0.1:6379, and against a Redis server of the
 * test's own (redis-server on a free port) that it stops and starts again. Skipped with the reason when
 * Redis does not answer or redis-server is missing, except under CI=true, where that fails.
 */
@RequiresServer(name = "Redis", port = 6379)
class RedisCacheTest {
    static final String URL = "redis://127.0.0.1:6379/0";
    private final String prefix = "bento-test-" + Long.toHexString(System.nanoTime()) + ":";
    private BentoRuntime rt;
    private Process ownServer;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
        if (ownServer != null) {
            ownServer.destroyForcibly();
        }
    }

    private Cache cache() {
        return rt.container().get("cache", Cache.class);
    }

    private static String raw(String key) {
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().get(key);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void valuesLiveInRedisUnderThePrefixAndExpire() throws Exception {
        rt = CacheTest.start("shop", Map.of("backend", "redis", "redis_url", URL, "prefix", prefix, "ttl", "1s"));
        assertThat(cache().backend()).isEqualTo("redis");
        assertThat(cache().get("product:tea")).as("warmed by the module's onStartup").contains("{\"price_cents\":350}");
        assertThat(raw(prefix + "product:tea")).isEqualTo("{\"price_cents\":350}");
        cache().put("kept", "y", Duration.ofMinutes(1));
        Thread.sleep(1_500);
        assertThat(cache().get("product:tea")).as("expired after the default TTL").isEmpty();
        assertThat(raw(prefix + "product:tea")).isNull();
        assertThat(cache().get("kept")).contains("y");
        assertThat(cache().getOrLoad("loaded", k -> "v-" + k)).contains("v-loaded");
        assertThat(raw(prefix + "loaded")).isEqualTo("v-loaded");
        assertThat(cache().delete("kept")).isTrue();
        assertThat(cache().delete("kept")).isFalse();
    }

    @Test
    void clearRemovesOnlyThisPrefixsKeys() {
        rt = CacheTest.start("shop", Map.of("backend", "redis", "redis_url", URL, "prefix", prefix + "a*:"));
        Cache other = RedisCache.connect(CacheSettings.of(Map.of("backend", "redis", "redis_url", URL)), prefix + "ab:");
        try {
            for (int i = 0; i < 700; i++) {
                cache().put("k" + i, "v");
            }
            other.put("k1", "theirs");
            cache().clear();
            assertThat(cache().get("k1")).isEmpty();
            assertThat(cache().get("k699")).isEmpty();
            assertThat(other.get("k1")).contains("theirs");
        } finally {
            other.clear();
            ((RedisCache) other).close();
        }
    }

    @Test
    void theDefaultPrefixIsTheServiceName() {
        rt = CacheTest.start("prefix-" + Long.toHexString(System.nanoTime()), Map.of("backend", "redis", "redis_url", URL));
        assertThat(raw(rt.serviceName() + ":product:tea")).isEqualTo("{\"price_cents\":350}");
        cache().clear();
    }

    @Test
    void redisDownAtStartIsAnErrorWhenRequiredAndMemoryWithAWarningWhenOptional() throws Exception {
        String closed = "redis://127.0.0.1:" + LocalRedis.freePort();
        assertThatThrownBy(() -> CacheTest.start("shop", Map.of("backend", "redis", "redis_url", closed)))
                .isInstanceOf(LifecycleException.class)
                .hasStackTraceContaining("The cache backend is redis and Redis at 127.0.0.1:" + closed.substring(closed.lastIndexOf(':') + 1)
                        + " did not answer within 500 ms")
                .hasStackTraceContaining("or set bento.cache.required=false");
        rt = CacheTest.start("shop", Map.of("backend", "redis", "redis_url", closed, "required", "false"));
        assertThat(cache().backend()).isEqualTo("memory");
        assertThat(cache().get("product:tea")).contains("{\"price_cents\":350}");
    }

    @Test
    void whileRedisIsDownCallsFailFastAndTheyWorkAgainWhenItIsBack() throws Exception {
        Path dir = Files.createTempDirectory("bento-redis");
        int port = LocalRedis.freePort();
        ownServer = LocalRedis.start(port, dir);
        rt = CacheTest.start("shop", Map.of("backend", "redis", "redis_url", "redis://127.0.0.1:" + port, "timeout", "300ms"));
        cache().put("before", "1");
        assertThat(cache().get("before")).contains("1");

        com.bento.HealthCheck health = rt.container().get("cache.health", com.bento.HealthCheck.class);
        assertThat(health.check().status()).isEqualTo(com.bento.Health.Status.UP);
        assertThat(health.affectsReadiness()).as("by default a cache outage takes the instance out of rotation").isTrue();

        ownServer.destroy();
        ownServer.waitFor();
        CacheException outage = org.assertj.core.api.Assertions.catchThrowableOfType(CacheException.class,
                () -> cache().get("before"));
        assertThat(outage).as("a cache outage is a retryable 503 for a web host").isInstanceOf(com.bento.BentoException.class);
        assertThat(outage.httpStatus()).isEqualTo(503);
        assertThat(outage.retryable()).isTrue();
        assertThat(outage.reasonCode()).isEqualTo("CACHE_UNAVAILABLE");
        assertThat(outage.publicMessage()).as("the caller is not told host and key")
                .isEqualTo("The cache is unavailable; retry shortly");
        assertThat(health.check().status()).isEqualTo(com.bento.Health.Status.DOWN);
        // bounded: a call fails with a clear exception instead of hanging (the guard only catches a hang)
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> cache().get("before")).isInstanceOf(CacheException.class)
                        .hasMessageStartingWith("Redis cache at 127.0.0.1:" + port + " failed on GET 'before'")
                        .hasMessageEndingWith("Calls fail fast until Redis answers again; treat the cache as missing meanwhile");
            }
        });

        ownServer = LocalRedis.start(port, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                cache().put("after", "2");
                break;
            } catch (CacheException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the cache did not recover after Redis came back", e);
                }
                Thread.sleep(50);
            }
        }
        assertThat(cache().get("after")).contains("2");
        assertThat(health.check().status()).as("recovered by itself").isEqualTo(com.bento.Health.Status.UP);
        assertThat(cache().get("before")).as("a restarted Redis without persistence lost it").isEmpty();
        RedisCache redis = (RedisCache) cache();
        rt.close();
        rt = null;
        assertThat(redis.connected()).as("closed at shutdown").isFalse();
    }
}
