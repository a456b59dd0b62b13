package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.runtime.BentoRuntime;
import com.bento.testsupport.RequiresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Micronaut Data JDBC repositories on Bento's pool, against the real PostgreSQL at 127.0.0.1:5432:
 * Bento migrates the table, the repository joins Bento's unit of work, and a lost optimistic lock
 * answers 409 over HTTP. Skipped with the reason when PostgreSQL does not answer, unless CI=true.
 */
@RequiresServer(name = "PostgreSQL", port = 5432)
class MicronautDataTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final HttpClient http = HttpClient.newHttpClient();
    private BentoApp app;

    @BeforeEach
    @AfterEach
    void clean() throws Exception {
        if (app != null) {
            app.close();
            app = null;
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("drop table if exists md_product, bento_schema_catalogdata, bento_migration_history, bento_schema_state");
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(app.url().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void start() {
        app = BentoMicronaut.builder(BentoRuntime.builder().withConfig("md-shop", "local").withListenerDiscovery(false)
                .withDatabase(URL, "postgres", "").withModules(new DataShop.CatalogDataModule())).port(0).start();
    }

    @Test
    void aMicronautDataRepositoryWorksOnTheMigratedTableAndALostOptimisticLockIs409() throws Exception {
        start();
        HttpResponse<String> created = send("POST", "/md/products/tea");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"name\":\"tea\"", "\"version\":0");
        String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
        assertThat(send("PUT", "/md/products/" + id + "/green-tea/0").statusCode()).isEqualTo(200);
        HttpResponse<String> stale = send("PUT", "/md/products/" + id + "/black-tea/0");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("\"reason_code\":\"OPTIMISTIC_LOCK_CONFLICT\"", "\"retryable\":true");
        assertThat(send("GET", "/md/products").body()).isEqualTo("[\"green-tea\"]");
        HttpResponse<String> health = send("GET", "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).containsPattern("\"database.health\":\\{\"status\":\"(UP|DEGRADED)\",\"latency_ms\":[0-9.]+,"
                + "\"url\":\"jdbc:postgresql://127.0.0.1:5432/test\"");
    }

    @Test
    void micronautDataRepositoriesAreInBentosRegistryByAggregateType() {
        start();
        com.bento.data.Repository<DataShop.Product, Long> products = app.runtime().container()
                .get("repositories", com.bento.data.Repositories.class).of(DataShop.Product.class);
        DataShop.Product saved = products.save(new DataShop.Product(null, "oolong", null));
        assertThat(saved.id()).isNotNull();
        assertThat(products.save(new DataShop.Product(saved.id(), "oolong tea", saved.version())).version()).isEqualTo(1L);
        assertThat(products.findAll()).extracting(DataShop.Product::name).containsExactly("oolong tea");
        assertThat(products.deleteById(saved.id())).isTrue();
        assertThat(products.findById(saved.id())).isEmpty();
    }

    @Test
    void aRepositoryWriteInsideAFailingUnitOfWorkIsRolledBack() throws Exception {
        start();
        assertThat(send("POST", "/md/products/in-failing-unit/cake").statusCode()).isEqualTo(500);
        assertThat(send("GET", "/md/products").body()).isEqualTo("[]");
        assertThat(send("POST", "/md/products/scone").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/md/products").body()).isEqualTo("[\"scone\"]");
    }
}
