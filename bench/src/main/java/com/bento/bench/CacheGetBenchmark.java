package com.bento.bench;

import com.bento.cache.Cache;
import com.bento.cache.CacheModule;
import com.bento.cache.CacheSettings;
import com.bento.runtime.BentoRuntime;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cache hit, one thread: Bento's memory backend against Caffeine itself and a ConcurrentHashMap, and Bento's Redis
 * backend (real Redis at 127.0.0.1:6379) against a bare Lettuce GET on the same server, side by side.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CacheGetBenchmark {
    private BentoRuntime memoryRuntime;
    private BentoRuntime redisRuntime;
    private Cache memory;
    private Cache redis;
    private final Map<String, String> map = new ConcurrentHashMap<>();
    private final com.github.benmanes.caffeine.cache.Cache<String, String> caffeine = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(10_000).expireAfterWrite(java.time.Duration.ofMinutes(10)).build();
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> lettuce;

    /** Starts both caches and fills them. */
    @Setup(Level.Trial)
    public void setUp() {
        memoryRuntime = start("memory", Map.of());
        redisRuntime = start("redis", Map.of("backend", "redis", "redis_url", "redis://127.0.0.1:6379/0", "prefix", "bench:"));
        memory = memoryRuntime.container().get("cache", Cache.class);
        redis = redisRuntime.container().get("cache", Cache.class);
        memory.put("product:tea", "{\"price_cents\":350}");
        redis.put("product:tea", "{\"price_cents\":350}");
        map.put("product:tea", "{\"price_cents\":350}");
        caffeine.put("product:tea", "{\"price_cents\":350}");
        client = RedisClient.create("redis://127.0.0.1:6379/0");
        connection = client.connect();
        lettuce = connection.sync();
    }

    private static BentoRuntime start(String name, Map<String, String> settings) {
        BentoRuntime rt = BentoRuntime.builder().withConfig("cache-bench-" + name, "test").withListenerDiscovery(false)
                .withService("cache.settings", CacheSettings.of(settings)).withModules(new CacheModule()).build();
        rt.start();
        return rt;
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        redis.clear();
        connection.close();
        client.shutdown();
        memoryRuntime.close();
        redisRuntime.close();
    }

    /** @return the hit */
    @Benchmark
    public Object memoryGet() {
        return memory.get("product:tea");
    }

    /** @return the hit */
    @Benchmark
    public Object concurrentHashMapGet() {
        return map.get("product:tea");
    }

    /** @return the hit, from Caffeine itself (size bound, expire after write) */
    @Benchmark
    public Object caffeineGet() {
        return caffeine.getIfPresent("product:tea");
    }

    /** @return the hit */
    @Benchmark
    public Object redisGet() {
        return redis.get("product:tea");
    }

    /** @return the hit */
    @Benchmark
    public Object lettuceGet() {
        return lettuce.get("bench:product:tea");
    }
}
