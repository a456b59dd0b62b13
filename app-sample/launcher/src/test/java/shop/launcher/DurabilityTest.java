package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 2xx means durable on the embedded default too: orders answered 201, then {@code kill -9}; a new
 * process on the same folder finds every one of them, and every OrderPlaced event delivered.
 */
class DurabilityTest {

    @Test
    void everyOrderAnswered201SurvivesKillNineAndItsEventIsDeliveredAfterTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("shop-durable-");
        int orders = 25;
        List<String> ids = new ArrayList<>();
        try (Shop first = Shop.launch().in(dir).start()) {
            assertThat(first.send("POST", "products", "{\"sku\":\"tea\",\"name\":\"Green tea\",\"price_cents\":250}")
                    .statusCode()).isEqualTo(201);
            for (int i = 0; i < orders; i++) {
                HttpResponse<String> placed = first.send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":1}");
                assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
                ids.add(Shop.field(placed.body(), "id"));
            }
            first.kill(); // at once after the last 201: H2's default 500 ms write delay would lose the last ones
        }
        assertThat(Files.list(dir.resolve("data")).map(p -> p.getFileName().toString()))
                .as("the embedded database is a file in the working folder").contains("shop.mv.db");

        try (Shop second = Shop.launch().in(dir).start()) {
            for (String id : ids) {
                assertThat(second.send("GET", "orders/" + id, null).statusCode()).as("order %s after kill -9", id)
                        .isEqualTo(200);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String sales = second.send("GET", "products/tea/sales", null).body();
            while (!sales.contains("\"sold\":" + orders) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                sales = second.send("GET", "products/tea/sales", null).body();
            }
            assertThat(sales).as("every OrderPlaced delivered once, after the restart where needed")
                    .contains("\"sold\":" + orders);
            second.terminate(30);
        }
    }
}
