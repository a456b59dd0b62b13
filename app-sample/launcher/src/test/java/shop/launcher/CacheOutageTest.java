package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.testsupport.LocalRedis;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shop caching in Redis, a redis-server of the test's own, killed while the shop runs: prices
 * read through the cache answer 503 CACHE_UNAVAILABLE, retryable, health reports the cache DOWN and
 * readiness 503; once a redis-server listens again the shop recovers by itself.
 */
class CacheOutageTest {

    @Test
    void aRedisOutageAnswers503RetryableAndTakesReadinessDownUntilRedisIsBack() throws Exception {
        Path dir = Files.createTempDirectory("shop-redis-");
        int port = LocalRedis.freePort();
        Process server = LocalRedis.start(port, dir);
        try {
            try (Shop shop = Shop.launch().env("BENTO_CACHE_BACKEND", "redis")
                    .env("BENTO_CACHE_REDIS_URL", "redis://127.0.0.1:" + port).env("BENTO_CACHE_TIMEOUT", "300ms").start()) {
                assertThat(shop.send("POST", "products", "{\"sku\":\"tea\",\"name\":\"Green tea\",\"price_cents\":250}")
                        .statusCode()).isEqualTo(201);
                assertThat(shop.send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":1}").statusCode()).isEqualTo(201);

                server.destroyForcibly(); // kill -9
                server.waitFor(10, TimeUnit.SECONDS);

                HttpResponse<String> order = shop.send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":1}");
                assertThat(order.statusCode()).as(order.body()).isEqualTo(503);
                assertThat(order.body()).isEqualTo("{\"reason_code\":\"CACHE_UNAVAILABLE\",\"message\":\"The cache is"
                        + " unavailable; retry shortly\",\"category\":\"UNAVAILABLE\",\"details\":{},\"retryable\":true}");
                HttpResponse<String> health = shop.send("GET", "health", null);
                assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"cache.health\":{\"status\":\"DOWN\"");

                server = LocalRedis.start(port, dir);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                HttpResponse<String> again = shop.send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":1}");
                while (again.statusCode() == 503 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    again = shop.send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":1}");
                }
                assertThat(again.statusCode()).as("recovered by itself: %s", again.body()).isEqualTo(201);
                assertThat(shop.send("GET", "health", null).body()).contains("\"status\":\"UP\"",
                        "\"cache.health\":{\"status\":\"UP\"");
                shop.terminate(30);
            }
        } finally {
            server.destroyForcibly();
        }
    }
}
