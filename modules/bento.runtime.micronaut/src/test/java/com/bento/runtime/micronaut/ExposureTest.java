package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.runtime.BentoRuntime;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** bento.endpoints.details decides who sees the health details and the runtime endpoints. */
class ExposureTest {
    private static final List<String> RUNTIME = List.of("/bento/modules", "/bento/startup", "/bento/info", "/bento/graph",
            "/bento/openapi");
    private final HttpClient http = HttpClient.newHttpClient();
    private BentoApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private BentoApp start(String environment, Map<String, Object> properties) {
        BentoMicronaut.Builder b = BentoMicronaut.builder(BentoRuntime.builder().withConfig("shop", environment)
                .withListenerDiscovery(false).withModules(new Shop.OrderingModule(), new Shop.CatalogModule())).port(0);
        properties.forEach(b::property);
        return b.start();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.url().resolve(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void outsideLocalTheHealthShowsOnlyItsStatusAndTheRuntimeEndpointsWantTheToken() throws Exception {
        app = start("prod", Map.of("bento.endpoints.token", "t0ken-7"));
        assertThat(get("/health", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/health/liveness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/health", "wrong").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/health", "t0ken-7").body()).contains("\"service\":\"shop\"", "\"catalog.health\"",
                "{\"name\":\"catalog\",\"state\":\"STARTED\"}");
        for (String path : RUNTIME) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).startsWith("{\"reason_code\":\"UNAUTHORIZED\",\"message\":\"This endpoint needs"
                    + " Authorization: Bearer <bento.endpoints.token>\"");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"bento\"");
            assertThat(get(path, "t0ken-").statusCode()).as("a prefix of the token").isEqualTo(401);
            assertThat(get(path, "t0ken-7").statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> page = get("/bento/ui", null);
        assertThat(page.statusCode()).as("the page has no data of its own: it asks for the token").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'"));
        assertThat(page.body()).contains("<script src=\"/bento/ui/app.js\"></script>", "data-health=\"/health\"");
        assertThat(get("/bento/ui/app.js", null).body()).contains("Authorization");
        assertThat(get("/bento/info", "t0ken-7").body()).as("the token itself is masked")
                .contains("\"bento.endpoints.token\":\"******\"").doesNotContain("t0ken-7");
    }

    @Test
    void withoutATokenConfiguredTheRefusalSaysWhatToSet() throws Exception {
        app = start("prod", Map.of());
        HttpResponse<String> modules = get("/bento/modules", "anything");
        assertThat(modules.statusCode()).isEqualTo(401);
        assertThat(modules.body()).contains("none is configured: set bento.endpoints.token (BENTO_ENDPOINTS_TOKEN),"
                + " or bento.endpoints.details=always");
    }

    @Test
    void neverHidesTheRuntimeEndpointsEvenFromTheTokenAndAlwaysShowsThemToAll() throws Exception {
        app = start("local", Map.of("bento.endpoints.details", "never", "bento.endpoints.token", "t"));
        assertThat(get("/bento/modules", "t").statusCode()).isEqualTo(404);
        assertThat(get("/bento/ui", "t").statusCode()).isEqualTo(404);
        assertThat(get("/bento/ui/app.js", "t").statusCode()).isEqualTo(404);
        assertThat(get("/health", "t").body()).isEqualTo("{\"status\":\"UP\"}");
        app.close();
        app = start("prod", Map.of("bento.endpoints.details", "always"));
        assertThat(get("/bento/modules", null).statusCode()).isEqualTo(200);
    }

    @Test
    void inLocalEverythingIsShownAndPathsAreFileNames() throws Exception {
        app = start("local", Map.of());
        String modules = get("/bento/modules", null).body();
        assertThat(modules).contains("\"name\":\"catalog\"");
        assertThat(modules).as("no absolute path of a jar or folder").doesNotContain(System.getProperty("user.dir"));
        assertThat(RuntimeEndpoints.fileNames("shop.catalog.CatalogModule (module shop.catalog, /opt/app/lib/shop-catalog-1.0.jar)"))
                .isEqualTo("shop.catalog.CatalogModule (module shop.catalog, shop-catalog-1.0.jar)");
    }

    @Test
    void anUnknownDetailsSettingIsAStartError() {
        assertThatThrownBy(() -> start("prod", Map.of("bento.endpoints.details", "sometimes")))
                .hasMessageContaining("bento.endpoints.details is 'sometimes'; expected never, when-authorized or always");
    }
}
