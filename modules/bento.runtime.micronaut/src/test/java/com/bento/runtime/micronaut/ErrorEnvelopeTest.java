package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.runtime.BentoRuntime;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error the server sends, Micronaut's own included, has Bento's body
 * {@code {reason_code, message, category, details, retryable}} and an {@code X-Request-ID}, and shows
 * no internals (no Jackson class, no stack frame).
 */
class ErrorEnvelopeTest {
    private static final Pattern ENVELOPE = Pattern.compile(
            "\\{\"reason_code\":\"[A-Z_]+\",\"message\":\"[^\"]*\",\"category\":\"[A-Z_]+\",\"details\":\\{.*\\},\"retryable\":(true|false)\\}");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BentoApp app;

    @BeforeAll
    static void start() {
        Shop.failOrderingStartup = null;
        app = BentoMicronaut.builder(BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withModules(new Shop.OrderingModule(), new Shop.CatalogModule()))
                .port(0).property("micronaut.server.max-request-size", 1024).start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.url().resolve(path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertEnvelope(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).as("body").matches(ENVELOPE).contains("\"reason_code\":\"" + reason + "\"")
                .doesNotContain("jackson", "Jackson", "io.micronaut", "Exception", "\tat ");
        assertThat(r.headers().firstValue("X-Request-ID")).as("X-Request-ID of %s", r.body()).isPresent();
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void malformedJsonIs400WithoutTheParsersInternals() throws Exception {
        assertEnvelope(send("POST", "/orders", "application/json", "{\"sku\": \"tea\","), 400, "REQUEST_BODY_INVALID");
        assertEnvelope(send("POST", "/orders", "application/json", "[1, 2]"), 400, "REQUEST_BODY_INVALID");
    }

    @Test
    void anUnknownRouteIs404() throws Exception {
        assertEnvelope(send("GET", "/nowhere", null, null), 404, "NOT_FOUND");
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        HttpResponse<String> r = send("DELETE", "/catalog/categories", null, null);
        assertEnvelope(r, 405, "METHOD_NOT_ALLOWED");
        assertThat(r.headers().firstValue("Allow")).as("Allow names the methods there are").isPresent();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        assertEnvelope(send("POST", "/orders", "application/json", "{\"name\":\"" + "x".repeat(4096) + "\"}"), 413,
                "REQUEST_TOO_LARGE");
    }

    @Test
    void anUnsupportedMediaTypeIs415() throws Exception {
        assertEnvelope(send("POST", "/orders", "application/xml", "<order/>"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aBentoFailureAndAnUnexpectedOneKeepTheirEnvelope() throws Exception {
        assertEnvelope(send("GET", "/orders/missing", null, null), 404, "ORDER_NOT_FOUND");
        assertEnvelope(send("GET", "/orders/boom", null, null), 500, "INTERNAL_ERROR");
    }

    @Test
    void aUrlOrHeadersOverTheDecodersLimitAre413WithTheEnvelopeAndARequestId() throws Exception {
        // Netty's decoder refuses them before any filter runs; Micronaut answers 413 without saying which
        for (String request : new String[] {
            "GET /orders/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /orders/o-1 HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n"}) {
            String raw = raw(request);
            assertThat(raw).as(raw).matches("HTTP/1\\.[01] 413 (?s).*");
            assertThat(raw.toLowerCase(java.util.Locale.ROOT)).contains("x-request-id:", "content-type: application/json");
            assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).matches(ENVELOPE)
                    .contains("\"reason_code\":\"REQUEST_TOO_LARGE\"", "URI or headers");
        }
    }

    @Test
    void theBodyOfAMalformedRequestNamesWhereItBrokeAndTheLimitItPassed() throws Exception {
        assertThat(send("POST", "/orders", "application/json", "{\"sku\": \"tea\",").body())
                .contains("\"details\":{\"line\":1,\"column\":15}");
        assertThat(send("POST", "/orders", "application/json", "[1, 2]").body()).contains("\"argument\":\"order\"");
        assertThat(send("POST", "/orders", "application/json", "{\"name\":\"" + "x".repeat(4096) + "\"}").body())
                .contains("\"details\":{\"max_bytes\":1024}");
        assertThat(send("DELETE", "/catalog/categories", null, null).body()).contains("\"allowed\":\"HEAD, GET\"");
    }

    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
