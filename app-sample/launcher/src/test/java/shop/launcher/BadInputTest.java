package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.testsupport.RequiresServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numbers are never silently changed and bad input is never a 500: each case is a 4xx naming the
 * field and its limit, and nothing is stored. On H2 (the embedded default), and the NUL byte that
 * PostgreSQL refuses on PostgreSQL itself.
 */
class BadInputTest {
    private static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        shop = Shop.launch().start();
        assertThat(shop.send("POST", "products", "{\"sku\":\"tea\",\"name\":\"Green tea\",\"price_cents\":250}")
                .statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        shop.terminate(30);
    }

    private static void refused(String path, String json, String field, String got) throws Exception {
        HttpResponse<String> r = shop.send("POST", path, json);
        assertThat(r.statusCode()).as("%s %s -> %s", path, json.length() > 80 ? json.substring(0, 80) : json, r.body())
                .isEqualTo(422);
        assertThat(r.body()).startsWith("{\"reason_code\":\"FIELD_INVALID\",\"message\":\"" + field + " must be ")
                .contains("\"field\":\"" + field + "\"", "\"got\":\"" + got + "\"", "\"retryable\":false");
    }

    @Test
    void aPriceThatIsNotExactlyAWholeNumberInRangeIsRefusedNotRoundedOrClamped() throws Exception {
        refused("products", "{\"sku\":\"a1\",\"name\":\"A\",\"price_cents\":1.99}", "price_cents",
                "a number with a fraction (1.9899999999999999911182158029987476766109466552734375)");
        refused("products", "{\"sku\":\"a2\",\"name\":\"A\",\"price_cents\":1e30}", "price_cents", "a number of 31 digits");
        refused("products", "{\"sku\":\"a3\",\"name\":\"A\",\"price_cents\":-1}", "price_cents", "-1");
        refused("products", "{\"sku\":\"a4\",\"name\":\"A\",\"price_cents\":\"250\"}", "price_cents", "text");
        assertThat(shop.send("POST", "products", "{\"sku\":\"a5\",\"name\":\"A\",\"price_cents\":1e30}").body())
                .contains("\"expected\":\"a whole number from 0 to 10000000000\",\"min\":0,\"max\":10000000000");
        for (String sku : new String[] {"a1", "a2", "a3", "a4", "a5"}) {
            assertThat(shop.send("GET", "products/" + sku, null).statusCode()).as("nothing stored for " + sku).isEqualTo(404);
        }
    }

    @Test
    void aQuantityBeyondAnIntIsRefusedNotWrappedAround() throws Exception {
        refused("orders", "{\"sku\":\"tea\",\"quantity\":4294967297}", "quantity", "4294967297");
        refused("orders", "{\"sku\":\"tea\",\"quantity\":0}", "quantity", "0");
        refused("orders", "{\"sku\":\"tea\",\"quantity\":2.5}", "quantity", "a number with a fraction (2.5)");
    }

    @Test
    void textsOverTheColumnsLengthAreRefusedBeforeTheDatabaseSeesThem() throws Exception {
        refused("products", "{\"sku\":\"" + "s".repeat(41) + "\",\"name\":\"A\",\"price_cents\":1}", "sku",
                "text of 41 characters");
        refused("products", "{\"sku\":\"big\",\"name\":\"" + "n".repeat(1_000_000) + "\",\"price_cents\":1}", "name",
                "text of 1000000 characters");
        refused("products", "{\"sku\":\"\",\"name\":\"A\",\"price_cents\":1}", "sku", "text of 0 characters");
        refused("products", "{\"sku\":\"nul\\u0000\",\"name\":\"A\",\"price_cents\":1}", "sku",
                "a control character (U+0000) at 3");
    }

    @Test
    void aBodyThatIsNotAnObjectIsA400() throws Exception {
        HttpResponse<String> r = shop.send("POST", "orders", "[1,2]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"reason_code\":\"REQUEST_BODY_INVALID\"");
    }

    /** PostgreSQL refuses a NUL byte in text; the shop must refuse it first, in a path as in a body. */
    @Test
    @RequiresServer(name = "PostgreSQL", port = 5432)
    void aNulByteInAPathIs422OnPostgres() throws Exception {
        String database = "shop_input_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        try (Shop pg = Shop.launch().env("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/" + database)
                .env("DATABASE_USER", "postgres").start()) {
            assertThat(pg.send("GET", "health", null).body()).as("on PostgreSQL").contains("\"url\":\"jdbc:postgresql:");
            for (String path : new String[] {"orders/ord-%00", "products/tea%00", "products/tea%00/sales"}) {
                HttpResponse<String> r = pg.send("GET", path, null);
                assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(422);
                assertThat(r.body()).contains("\"reason_code\":\"FIELD_INVALID\"", "a control character (U+0000)");
            }
            HttpResponse<String> command = pg.send("POST", "orders/ord-1/Sub%00mit", null);
            assertThat(command.statusCode()).as(command.body()).isEqualTo(422);
            pg.terminate(30);
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
    }
}
