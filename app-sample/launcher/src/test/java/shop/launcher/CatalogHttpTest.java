package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.test.BentoTest;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The shop's modules served in-process by {@code @BentoTest(web = true)}: the catalog's controller
 * over HTTP on a free port, its error envelope, and a Micronaut bean given to the test.
 */
@BentoTest(contracts = "../contracts", web = true)
class CatalogHttpTest {
    private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();

    private static HttpResponse<String> send(URI server, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aProductIsCreatedAndReadBackOverHttp(URI server) throws Exception {
        HttpResponse<String> created = send(server, "POST", "/products", "{\"sku\":\"http-tea\",\"name\":\"Tea\",\"price_cents\":310}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> read = send(server, "GET", "/products/http-tea", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"sku\":\"http-tea\"", "\"price_cents\":310");
    }

    @Test
    void anUnknownProductAnswers404InBentosEnvelope(URI server) throws Exception {
        HttpResponse<String> missing = send(server, "GET", "/products/no-such-sku", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("PRODUCT_NOT_FOUND");
    }

    @Test
    void aMicronautBeanOfTheHostIsAParameter(EmbeddedServer embedded, URI server) {
        assertThat(embedded.isRunning()).isTrue();
        assertThat(embedded.getPort()).isEqualTo(server.getPort());
    }
}
