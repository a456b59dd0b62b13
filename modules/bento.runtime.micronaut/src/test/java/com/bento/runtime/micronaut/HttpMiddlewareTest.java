package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.bento.runtime.BentoRuntime;
import com.bento.testsupport.RequiresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The request middleware: the access log and rate limiting, with real requests on real threads. */
class HttpMiddlewareTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<BentoApp> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(BentoApp::close);
    }

    private BentoApp start(String service, Map<String, Object> properties) {
        BentoMicronaut.Builder b = BentoMicronaut.builder(BentoRuntime.builder().withConfig(service, "local")
                .withListenerDiscovery(false).withModules(new Shop.OrderingModule(), new Shop.CatalogModule())).port(0);
        properties.forEach(b::property);
        BentoApp app = b.start();
        apps.add(app);
        return app;
    }

    private HttpResponse<String> get(BentoApp app, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.url().resolve(path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ListAppender<ILoggingEvent> capture() {
        Logger access = (Logger) LoggerFactory.getLogger("bento.http.access");
        access.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        return lines;
    }

    @Test
    void everyRequestIsOneAccessLogLineWithItsRouteStatusDurationIdsAndNoSecret() throws Exception {
        ListAppender<ILoggingEvent> lines = capture();
        try {
            BentoApp app = start("shop", Map.of());
            HttpResponse<String> r = get(app, "/orders/o-1?token=s3cret-tok&page=2", "traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            get(app, "/nowhere");
            String id = r.headers().firstValue("X-Request-ID").orElseThrow();
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                    .startsWith("method=GET route=/orders/{id} path=/orders/o-1?token=******&page=2 status=200 duration_ms=")
                    .endsWith(" request_id=" + id + " trace_id=4bf92f3577b34da6a3ce929d0e0e4736"));
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("path=/nowhere status=404"))
                    .noneSatisfy(line -> assertThat(line).contains("s3cret"));
            assertThat(lines.list.get(0).getKeyValuePairs()).extracting(kv -> kv.key)
                    .containsExactly("method", "route", "path", "status", "duration_ms", "request_id", "trace_id");
        } finally {
            ((Logger) LoggerFactory.getLogger("bento.http.access")).detachAppender(lines);
        }
    }

    @Test
    void theAccessLogCanBeSwitchedOff() throws Exception {
        ListAppender<ILoggingEvent> lines = capture();
        try {
            BentoApp app = start("shop", Map.of("bento.http.access-log.enabled", "false"));
            get(app, "/orders/o-1");
            assertThat(lines.list).isEmpty();
        } finally {
            ((Logger) LoggerFactory.getLogger("bento.http.access")).detachAppender(lines);
        }
    }

    /** Sends {@code n} requests at once from {@code n} threads released by one latch; returns their statuses. */
    private List<HttpResponse<String>> burst(List<BentoApp> targets, String path, int n, String... headers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BentoApp target = targets.get(i % targets.size());
            futures.add(pool.submit(() -> {
                go.await();
                return get(target, path, headers);
            }));
        }
        go.countDown();
        List<HttpResponse<String>> out = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return out;
    }

    @Test
    void concurrentRequestsOverARoutesLimitAre429WithRetryAfterAndTheEnvelope() throws Exception {
        BentoApp app = start("shop", Map.of("bento.http.rate-limit.enabled", "true",
                "bento.http.rate-limit.routes", "GET /orders/{id}=3/1m"));
        List<HttpResponse<String>> responses = burst(List.of(app), "/orders/o-1", 10);
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).as("exactly the bucket's three").hasSize(3);
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).hasSize(7).allSatisfy(r -> {
            assertThat(r.body()).startsWith("{\"reason_code\":\"RATE_LIMITED\",").contains("\"retryable\":true",
                    "\"limit\":\"3/60s\"");
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(r.headers().firstValue("X-Request-ID")).isPresent();
        });
        assertThat(get(app, "/catalog/categories").statusCode()).as("a route without a limit").isEqualTo(200);
    }

    @Test
    void aHeaderKeyGivesEachClientItsOwnBucket() throws Exception {
        BentoApp app = start("shop", Map.of("bento.http.rate-limit.enabled", "true", "bento.http.rate-limit.limit", "2/1m",
                "bento.http.rate-limit.key", "header:X-Api-Key"));
        assertThat(burst(List.of(app), "/orders/o-1", 4, "X-Api-Key", "alice")).filteredOn(r -> r.statusCode() == 200).hasSize(2);
        assertThat(burst(List.of(app), "/orders/o-1", 4, "X-Api-Key", "bob")).filteredOn(r -> r.statusCode() == 200).hasSize(2);
    }

    @Test
    @RequiresServer(name = "Redis", port = 6379)
    void throughRedisTwoInstancesCountAgainstOneLimit() throws Exception {
        String service = "rl-" + Long.toHexString(System.nanoTime());
        Map<String, Object> settings = Map.of("bento.http.rate-limit.enabled", "true", "bento.http.rate-limit.limit", "4/1m",
                "bento.http.rate-limit.redis-url", "redis://127.0.0.1:6379");
        BentoApp one = start(service, settings);
        BentoApp two = start(service, settings);
        List<HttpResponse<String>> responses = burst(List.of(one, two), "/orders/o-1", 12);
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).as("four in all, whichever instance served them; %s",
                        responses.stream().map(r -> r.statusCode() + " " + r.body()).toList())
                .hasSize(4);
        assertThat(responses).filteredOn(r -> r.statusCode() == 429).hasSize(8);
    }
}
