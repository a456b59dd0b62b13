package com.bento.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.ConfigurationException;
import com.bento.Container;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.Requires;
import com.bento.runtime.BentoRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import java.util.Optional;

/** The cache module with the memory backend, and the settings' errors. */
class CacheTest {
    private BentoRuntime rt;

    /** Warms the cache when it starts. */
    @Requires("cache")
    static final class Catalog implements Module {
        @Override
        public void onStartup(Container container) {
            container.get("cache", Cache.class).put("product:tea", "{\"price_cents\":350}");
        }
    }

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    static BentoRuntime start(String service, Map<String, String> settings) {
        BentoRuntime rt = BentoRuntime.builder().withConfig(service, "test").withListenerDiscovery(false)
                .withService("cache.settings", CacheSettings.of(settings)).withModules(new CacheModule(), new Catalog()).build();
        rt.start();
        return rt;
    }

    private Cache cache() {
        return rt.container().get("cache", Cache.class);
    }

    @Test
    void aModuleWarmsTheMemoryCacheAtStartAndReadsItBack() {
        rt = start("shop", Map.of());
        assertThat(cache().backend()).isEqualTo("memory");
        assertThat(cache().get("product:tea")).contains("{\"price_cents\":350}");
        assertThat(cache().get("product:coffee")).isEmpty();
        assertThat(cache().delete("product:tea")).isTrue();
        assertThat(cache().delete("product:tea")).isFalse();
        assertThat(cache().get("product:tea")).isEmpty();
        cache().put("a", "1");
        cache().clear();
        assertThat(cache().get("a")).isEmpty();
    }

    @Test
    void entriesExpireAfterTheDefaultTtlOrTheirOwn() throws Exception {
        // TTLs long enough that a stall of this shared machine between put and the first get does not expire them
        rt = start("shop", Map.of("ttl", "600ms"));
        cache().put("short", "x");
        cache().put("long", "y", Duration.ofMinutes(5));
        cache().put("shorter", "z", Duration.ofMillis(50));
        assertThat(cache().get("short")).contains("x");
        Thread.sleep(1_000);
        assertThat(cache().get("short")).isEmpty();
        assertThat(cache().get("shorter")).isEmpty();
        assertThat(cache().get("long")).contains("y");
        assertThatThrownBy(() -> cache().put("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl for k is PT0S; expected a positive duration");
    }

    @Test
    void theMemoryBackendKeepsAtMostMaxSizeEntries() {
        rt = start("shop", Map.of("max_size", "10"));
        for (int i = 0; i < 200; i++) {
            cache().put("k" + i, "v" + i);
        }
        MemoryCache memory = (MemoryCache) cache();
        assertThat(memory.size()).isLessThanOrEqualTo(10);
        long present = java.util.stream.IntStream.range(0, 200).filter(i -> cache().get("k" + i).isPresent()).count();
        assertThat(present).isLessThanOrEqualTo(10).isPositive();
    }

    @Test
    void concurrentMissesOnOneKeyRunTheLoaderOnce() throws Exception {
        rt = start("shop", Map.of());
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache().getOrLoad("report", k -> {
                        loads.incrementAndGet();
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "computed " + k;
                    });
                }));
            }
            go.countDown();
            for (Future<Optional<String>> f : results) {
                assertThat(f.get()).contains("computed report");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads.get()).isEqualTo(1);
        assertThat(cache().getOrLoad("nothing", k -> null)).isEmpty();
        assertThat(cache().get("nothing")).isEmpty();
    }

    @Test
    void wrongSettingsAreClearErrors() {
        assertThatThrownBy(() -> CacheSettings.of(Map.of("backend", "redis"))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("bento.cache.backend is redis but bento.cache.redis_url is not set")
                .hasMessageEndingWith("The cache does not fall back silently.");
        assertThatThrownBy(() -> CacheSettings.of(Map.of("backend", "memcached"))).hasMessage(
                "bento.cache.backend is 'memcached'; expected memory or redis");
        assertThatThrownBy(() -> CacheSettings.of(Map.of("ttl", "soon"))).hasMessage(
                "bento.cache.ttl is 'soon'; expected a duration such as 250ms, 2s, 10m or PT2S");
        assertThatThrownBy(() -> CacheSettings.of(Map.of("maxsize", "3"))).hasMessage(
                "Unknown cache setting 'maxsize'; expected backend, prefix, ttl, max_size, redis_url, required, timeout or readiness");
        assertThatThrownBy(() -> CacheSettings.of(Map.of("max_size", "0"))).hasMessage(
                "bento.cache.max_size is 0; expected 1 or more");
        assertThat(CacheSettings.of(Map.of("ttl", "2s", "timeout", "PT0.2S"))).satisfies(s -> {
            assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.timeout()).isEqualTo(Duration.ofMillis(200));
        });
    }

    @Test
    void redisBackendWithoutAUrlFailsTheStartNotSilently() {
        System.setProperty("bento.cache.backend", "redis");
        try {
            assertThatThrownBy(() -> BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                    .withModules(new CacheModule(), new Catalog()).build())
                    .isInstanceOf(LifecycleException.class)
                    .hasStackTraceContaining("bento.cache.backend is redis but bento.cache.redis_url is not set");
        } finally {
            System.clearProperty("bento.cache.backend");
        }
    }
}
