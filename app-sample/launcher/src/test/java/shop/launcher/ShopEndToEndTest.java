package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sample shop as a newcomer runs it: its modules on the module path, launched by the launcher
 * that names no module, on the embedded H2 database, driven over HTTP, stopped with SIGTERM.
 */
class ShopEndToEndTest {
    private Shop shop;

    @BeforeEach
    void launch() throws Exception {
        shop = Shop.launch().start();
    }

    @AfterEach
    void stop() throws Exception {
        shop.terminate(30);
        assertThat(shop.process.exitValue()).as("graceful stop; output:\n%s", shop.log()).isZero();
        assertThat(shop.output).as("a line says the shop stopped").anySatisfy(line -> assertThat(line)
                .contains("Bento application 'shop' stopped in "));
        assertThat(shop.output).as("the log says where the server listens").anySatisfy(line -> assertThat(line)
                .contains("listening on port ", " on every interface"));
        assertThat(shop.log()).as("Flyway's version warning is silenced on purpose")
                .doesNotContain("Flyway upgrade recommended");
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return shop.send(method, path, json);
    }

    private static String field(String json, String name) {
        return Shop.field(json, name);
    }

    @Test
    void aProductAnOrderItsTransitionsAndAnInvalidOneAnswering409WithItsReasonCode() throws Exception {
        HttpResponse<String> product = send("POST", "products", "{\"sku\":\"tea\",\"name\":\"Green tea\",\"price_cents\":250}");
        assertThat(product.statusCode()).isEqualTo(201);
        assertThat(send("GET", "products", null).body()).contains("\"sku\":\"tea\"", "\"price_cents\":250");

        HttpResponse<String> order = send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":3}");
        assertThat(order.statusCode()).isEqualTo(201);
        assertThat(order.body()).contains("\"state\":\"DRAFT\"", "\"total_cents\":750");
        String id = field(order.body(), "id");
        assertThat(send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":2}").statusCode()).isEqualTo(201);
        // the catalog counts sales from the OrderPlaced events, delivered by the outbox relay after each commit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String sales = send("GET", "products/tea/sales", null).body();
        while (!sales.contains("\"sold\":5") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            sales = send("GET", "products/tea/sales", null).body();
        }
        assertThat(sales).contains("\"sku\":\"tea\"", "\"sold\":5");

        assertThat(send("POST", "orders/" + id + "/Submit", null).body()).contains("\"state\":\"SUBMITTED\"");
        assertThat(send("POST", "orders/" + id + "/Pay", null).body()).contains("\"state\":\"PAID\"");

        HttpResponse<String> invalid = send("POST", "orders/" + id + "/Submit", null);
        assertThat(invalid.statusCode()).isEqualTo(409);
        assertThat(invalid.body()).startsWith("{\"reason_code\":\"STATE_TRANSITION_INVALID\",\"message\":\"Order: command"
                + " 'Submit' not allowed in state 'PAID'\",\"category\":\"CONFLICT\",\"details\":{\"aggregate\":\"Order\","
                + "\"current_state\":\"PAID\",\"command\":\"Submit\"},\"retryable\":false}");

        HttpResponse<String> missing = send("GET", "orders/ord-nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"reason_code\":\"ORDER_NOT_FOUND\"", "\"message\":\"No order with that id\"");

        String health = send("GET", "health", null).body();
        assertThat(health).contains("\"status\":\"UP\"", "\"database.health\"");
        assertThat(send("GET", "bento/modules", null).body()).contains("\"name\":\"infra\"", "\"name\":\"events\"",
                "\"name\":\"cache\"", "\"name\":\"catalog\"",
                "\"name\":\"ordering\"", "(module shop.catalog, ");
    }
}
