package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime page of a running shop in a real browser (Debian's headless Chromium): after its
 * script ran, the graph has a box per module and an arrow per requirement, the waterfall a bar per
 * phase and per module hook, the table a row per module, and the page logged no error. Saves a
 * screenshot to target/bento-ui.png (the one in docs/ was taken so).
 */
class RuntimePageTest {
    private static final List<String> MODULES = List.of("cache", "events", "infra", "catalog", "ordering");

    @Test
    void thePageDrawsEveryModuleItsRequirementsAndItsStartUpBarsWithoutErrors() throws Exception {
        try (Shop shop = Shop.launch().start(); Browser browser = Browser.open(1280, 900)) {
            shop.send("POST", "products", "{\"sku\":\"tea\",\"name\":\"Green tea\",\"price_cents\":250}");
            shop.send("POST", "orders", "{\"sku\":\"tea\",\"quantity\":2}");
            browser.navigate(shop.base().resolve("bento/ui"));
            browser.await("document.body.getAttribute('data-ready') === 'true'", Duration.ofSeconds(20));

            assertThat(browser.eval("document.getElementById('service').textContent").asText()).isEqualTo("shop");
            JsonNode nodes = browser.eval("[...document.querySelectorAll('#graph g.node')].map(g => g.dataset.module)");
            assertThat(nodes).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(MODULES);
            assertThat(browser.eval("[...document.querySelectorAll('#graph path.edge')].map(p => p.dataset.from + '>' + p.dataset.to)"))
                    .extracting(JsonNode::asText).containsExactlyInAnyOrder("catalog>infra", "catalog>events", "catalog>cache",
                            "ordering>infra", "ordering>catalog", "ordering>events");
            assertThat(browser.eval("document.querySelectorAll('#graph path.event[data-event=OrderPlaced]').length").asInt())
                    .as("the event from ordering to catalog").isEqualTo(1);
            for (String module : MODULES) {
                for (String phase : List.of("register", "startup")) {
                    assertThat(browser.eval("(() => { const b = document.querySelector('#waterfall .bar[data-module=\"" + module
                            + "\"][data-phase=\"" + phase + "\"]'); return b ? b.getBoundingClientRect().width : -1; })()")
                            .asDouble()).as("%s bar of %s drawn", phase, module).isGreaterThan(0);
                }
            }
            assertThat(browser.eval("[...document.querySelectorAll('#waterfall .row.phase')].map(r => r.dataset.phase)"))
                    .extracting(JsonNode::asText).containsExactly("resolution", "gates", "register", "database", "startup");
            assertThat(browser.eval("document.querySelectorAll('#modules tbody tr').length").asInt()).isEqualTo(MODULES.size());
            assertThat(browser.eval("document.getElementById('health').textContent").asText()).isEqualTo("health UP");
            assertThat(browser.eval("document.getElementById('critical').textContent").asText()).endsWith("ordering");
            assertThat(browser.errors).as("console errors and exceptions").isEmpty();
            browser.screenshot(Path.of("target/bento-ui.png"));
            shop.terminate(30);
        }
    }

    @Test
    void outsideLocalThePageAsksForTheTokenAndThenShowsTheDetails() throws Exception {
        try (Shop shop = Shop.launch().env("BENTO_ENV", "prod").jvm("-Dbento.environment=prod")
                .env("BENTO_ENDPOINTS_TOKEN", "page-t0ken").start(); Browser browser = Browser.open(1024, 768)) {
            browser.navigate(shop.base().resolve("bento/ui"));
            browser.await("document.body.getAttribute('data-ready') === 'login'", Duration.ofSeconds(20));
            assertThat(browser.eval("document.getElementById('content').hidden").asBoolean()).as("no details yet").isTrue();
            browser.eval("document.getElementById('token').value = 'page-t0ken'; "
                    + "document.getElementById('login').requestSubmit(); true");
            browser.await("document.body.getAttribute('data-ready') === 'true'", Duration.ofSeconds(20));
            assertThat(browser.eval("document.querySelectorAll('#graph g.node').length").asInt()).isEqualTo(MODULES.size());
            assertThat(browser.errors).as("only the expected 401s of the first try")
                    .allSatisfy(e -> assertThat(e).contains("401"));
            shop.terminate(30);
        }
    }
}
