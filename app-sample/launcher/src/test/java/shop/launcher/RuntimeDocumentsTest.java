package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shop describes itself: its module graph (JSON, Mermaid, and without starting) and one OpenAPI document. */
class RuntimeDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        shop = Shop.launch().start();
    }

    @AfterAll
    static void stop() throws Exception {
        shop.terminate(30);
    }

    @Test
    void theOpenApiDocumentIsValid31WithEveryModuleRouteTheEnvelopeAndTheRequestId() throws Exception {
        String body = shop.send("GET", "bento/openapi", null).body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true); // the parameters and responses by reference, inlined
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(body, null, options);
        assertThat(parsed.getMessages()).as("the parser's complaints about\n%s", body).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getPaths()).containsOnlyKeys("/orders", "/orders/{id}", "/orders/{id}/{command}", "/products",
                "/products/{sku}", "/products/{sku}/sales");
        Operation apply = api.getPaths().get("/orders/{id}/{command}").getPost();
        assertThat(apply.getOperationId()).isEqualTo("ordering.apply");
        assertThat(apply.getTags()).containsExactly("ordering");
        assertThat(apply.getParameters()).extracting(p -> p.getIn() + ":" + p.getName())
                .contains("path:id", "path:command", "header:X-Request-ID");
        assertThat(apply.getResponses()).containsKeys("2XX", "404", "409", "4XX", "5XX");
        assertThat(apply.getResponses().get("409").getDescription()).contains("STATE_TRANSITION_INVALID");
        assertThat(apply.getExtensions()).containsKey("x-bento-reason-codes");
        assertThat(api.getPaths().get("/orders").getPost().getRequestBody().getRequired()).isTrue();
        @SuppressWarnings("unchecked") // the model declares a raw Schema
        java.util.List<String> required = api.getComponents().getSchemas().get("Error").getRequired();
        assertThat(required).containsExactlyInAnyOrder("reason_code", "message", "category", "details", "retryable");
    }

    @Test
    void theLiveGraphHasWhatEachModuleRegisteredProvidesAndServes() throws Exception {
        JsonNode graph = JSON.readTree(shop.send("GET", "bento/graph", null).body());
        JsonNode catalog = null;
        JsonNode infra = null;
        for (JsonNode m : graph.get("modules")) {
            if (m.get("name").asText().equals("catalog")) {
                catalog = m;
            } else if (m.get("name").asText().equals("infra")) {
                infra = m;
            }
        }
        assertThat(catalog.get("state").asText()).isEqualTo("STARTED");
        assertThat(catalog.get("ports").toString()).contains("shop.catalog.api.PricingPort");
        assertThat(catalog.get("routes").toString()).contains("GET /products/{sku}/sales");
        assertThat(catalog.get("consumes").toString()).contains("OrderPlaced");
        assertThat(infra.get("services").toString()).contains("\"name\":\"infra.clock\"", "\"name\":\"infra.ids\"");
        assertThat(graph.get("events").toString()).contains("{\"event\":\"OrderPlaced\",\"producer\":\"ordering\",\"consumers\":[\"catalog\"]}");

        HttpResponse<String> mermaid = shop.send("GET", "bento/graph?format=mermaid", null);
        assertThat(mermaid.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(mermaid.body()).startsWith("flowchart LR\n").contains("  m_ordering --> m_catalog\n",
                "  m_ordering -. OrderPlaced .-> m_catalog\n");
        assertThat(shop.send("GET", "bento/graph?format=dot", null).statusCode()).isEqualTo(422);
    }

    @Test
    void theLauncherPrintsTheGraphWithoutStartingTheApplication() throws Exception {
        try (Shop graph = Shop.launch().arg("--graph").spawn()) {
            assertThat(graph.awaitExit(60)).as(graph.log()).isZero();
            assertThat(graph.log()).contains("flowchart LR", "m_ordering --> m_catalog").doesNotContain("serving on",
                    "Database:");
        }
        try (Shop graph = Shop.launch().arg("--graph=json").spawn()) {
            assertThat(graph.awaitExit(60)).as(graph.log()).isZero();
            String json = graph.output.stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
            JsonNode tree = JSON.readTree(json);
            assertThat(tree.get("modules")).hasSize(5);
            assertThat(tree.toString()).contains("\"routes\":[\"POST /orders\",\"GET /orders/{id}\",\"POST /orders/{id}/{command}\"]");
        }
    }
}
