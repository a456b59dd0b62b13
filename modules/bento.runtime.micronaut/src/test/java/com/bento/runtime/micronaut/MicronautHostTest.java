package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bento.LifecycleException;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server on a free port, called over HTTP with the JDK's client. */
class MicronautHostTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private BentoApp app;

    @BeforeEach
    void reset() {
        Shop.events.clear();
        Shop.repositoriesMade.set(0);
        Shop.failOrderingStartup = null;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** In "local", where bento.endpoints.details defaults to always; ExposureTest covers the other settings. */
    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.url().resolve(path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bothModulesControllersAreServedWithNamedInjectionAndLazyEntriesStayLazy() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        assertThat(Shop.repositoriesMade).as("the lazy repository is not made before a request needs it").hasValue(0);
        HttpResponse<String> categories = get("/catalog/categories");
        assertThat(categories.statusCode()).isEqualTo(200);
        assertThat(categories.body()).isEqualTo("[\"books\",\"games\"]");
        assertThat(Shop.repositoriesMade).hasValue(1);
        assertThat(get("/orders/o-1").body()).contains("\"id\":\"o-1\"");
        assertThat(Shop.events).containsExactly("catalog.register", "catalog.startup", "ordering.startup");
        assertThat(app.context().getBean(com.bento.Container.class)).isSameAs(app.runtime().container());
        assertThat(app.context().getBean(com.bento.runtime.PerformanceMonitor.class))
                .isSameAs(app.runtime().performanceMonitor());
    }

    @Test
    void transientEntriesAreNewForEachInjectionAndSingletonsShared() {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        var byName = io.micronaut.inject.qualifiers.Qualifiers.<java.util.concurrent.atomic.AtomicInteger>byName("catalog.requestCounter");
        var first = app.context().getBean(java.util.concurrent.atomic.AtomicInteger.class, byName);
        var second = app.context().getBean(java.util.concurrent.atomic.AtomicInteger.class, byName);
        assertThat(first).as("a TRANSIENT entry is a Micronaut prototype").isNotSameAs(second);
        var repoName = io.micronaut.inject.qualifiers.Qualifiers.<Shop.CategoryRepository>byName("catalog.repo");
        assertThat(app.context().getBean(Shop.CategoryRepository.class, repoName))
                .isSameAs(app.context().getBean(Shop.CategoryRepository.class, repoName))
                .isSameAs(app.runtime().container().get("catalog.repo"));
        assertThat(app.context().getBean(BentoRuntime.class)).isSameAs(app.runtime());
    }

    @Test
    void portsAreInjectableByTheirInterface() {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        assertThat(app.context().getBean(Shop.PricingPort.class).price("tea")).isEqualTo(7);
    }

    @Test
    void anEagerMicronautBeanCanNeedABentoEntry() {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).property("test.eager", "true").start();
        assertThat(Shop.EagerWarmup.seen).containsExactly("books", "games");
    }

    @Test
    void aModuleReplacedByAMockHasItsRoutesNotServed() throws Exception {
        Shop.CategoryRepository mocked = () -> List.of("mocked");
        app = BentoMicronaut.builder(Shop.runtime().withTestMode().withStandIn(new com.bento.Module() {
            @Override
            public String name() {
                return "catalog";
            }

            @Override
            public void onRegister(com.bento.Container container) {
                container.set("catalog.repo", mocked);
            }
        })).port(0).start();
        assertThat(get("/catalog/categories").statusCode()).isEqualTo(404);
        assertThat(get("/orders/o-2").statusCode()).isEqualTo(200);
        assertThat(app.context().getBean(Shop.CategoryRepository.class,
                io.micronaut.inject.qualifiers.Qualifiers.byName("catalog.repo")).names()).containsExactly("mocked");
    }

    @Test
    void aControllerInAPackageThatIsNotExportedFailsTheStartWithTheExportsLineToAdd() {
        RuntimeBuilder b = BentoRuntime.builder().withListenerDiscovery(false).withModules(new Shop.HiddenModule());
        assertThatThrownBy(() -> BentoMicronaut.builder(b).port(0).start()).isInstanceOf(LifecycleException.class)
                .hasMessage("Module 'hidden' serves com.bento.runtime.micronaut.hidden.HiddenController, but JPMS module"
                        + " bento.runtime.micronaut does not export package com.bento.runtime.micronaut.hidden to everyone,"
                        + " so Micronaut cannot create it and its routes would answer 404. Add to module-info.java of"
                        + " bento.runtime.micronaut: exports com.bento.runtime.micronaut.hidden;");
    }

    @Test
    void aModuleFailingToStartStopsTheServerAndTheModulesAlreadyStarted() throws Exception {
        Shop.failOrderingStartup = new IllegalStateException("payments down");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Throwable thrown = catchThrowable(() -> BentoMicronaut.builder(Shop.runtime()).port(port).start());
        assertThat(thrown).isInstanceOf(LifecycleException.class).hasMessageStartingWith("Module 'ordering' failed in onStartup");
        assertThat(Shop.events).containsExactly("catalog.register", "catalog.startup", "ordering.startup", "catalog.shutdown");
        assertThat(refusesConnections(port)).as("the server is stopped").isTrue();
    }

    @Test
    void aPortInUseIsNamedAndNothingIsLeftRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> BentoMicronaut.builder(Shop.runtime()).port(port).start())
                    .isInstanceOf(LifecycleException.class)
                    .hasMessageStartingWith("Port " + port + " is already in use, so the HTTP server could not start (")
                    .hasMessageEndingWith("). Stop the process that holds it, or choose another port with"
                            + " -micronaut.server.port=<port> (or MICRONAUT_SERVER_PORT).");
            assertThat(Shop.events).as("no module started").containsExactly("catalog.register");
        }
    }

    @Test
    void closingDrainsThenStopsModulesInReverse() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        int port = app.port();
        app.close();
        app.close();
        assertThat(Shop.events).containsExactly("catalog.register", "catalog.startup", "ordering.startup",
                "ordering.shutdown", "catalog.shutdown");
        assertThat(refusesConnections(port)).as("the server is stopped").isTrue();
        app = null;
    }

    @Test
    void everyServedRequestLeavesTheInFlightCountAndDrainingAnswers503() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        List<Integer> codes = new java.util.ArrayList<>();
        for (String path : List.of("/orders/o-1", "/orders/missing", "/orders/boom", "/catalog/categories", "/nowhere")) {
            codes.add(get(path).statusCode());
        }
        assertThat(codes).containsExactly(200, 404, 500, 200, 404);
        BentoHost host = app.context().getBean(BentoHost.class);
        assertThat(host.drain(java.time.Duration.ofSeconds(10)))
                .as("requests and writes left after the responses were received").isZero();
        assertThat(host.inFlight()).isZero();
        HttpResponse<String> refused = get("/orders/o-2");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("\"reason_code\":\"SHUTTING_DOWN\"", "\"retryable\":true");
        assertThat(host.drain(java.time.Duration.ofSeconds(10))).as("a refused request is not counted").isZero();
    }

    @Test
    void healthListsModulesAndModuleChecks() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"service\":\"shop\"", "\"status\":\"UP\"",
                "{\"name\":\"catalog\",\"state\":\"STARTED\"}", "\"catalog.health\":{\"status\":\"UP\"", "\"categories\":2");
        assertThat(get("/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/health/liveness").body()).isEqualTo("{\"service\":\"shop\",\"status\":\"UP\"}");
    }

    @Test
    void aModuleRouteOnTheHealthPathIsAStartError() {
        assertThatThrownBy(() -> BentoMicronaut.builder(Shop.runtime()).port(0).property("test.clash", "true").start())
                .isInstanceOf(LifecycleException.class)
                .hasMessage("com.bento.runtime.micronaut.Shop$ClashingHealth maps GET /health, which clashes with Bento's"
                        + " health endpoint /health. Move the route, or move Bento's with bento.endpoints.health.path, or"
                        + " switch Bento's off with bento.endpoints.health.enabled=false.");
        assertThat(Shop.events).as("nothing started").containsExactly("catalog.register");
    }

    @Test
    void runtimeEndpointsReportModulesStartupAndInfoWithoutSecrets() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0)
                .property("datasources.default.url", "jdbc:postgresql://shop:pg-pass-123@db.internal:5432/shop")
                .property("datasources.default.password", "hunter2")
                .property("bento.api-token", "tok-abc-999")
                .property("bento.webhook", "https://hooks.example/x?token=qwerty789")
                .start();
        get("/orders/o-1");
        String modules = get("/bento/modules").body();
        assertThat(modules).contains("\"name\":\"catalog\"", "\"requires\":[\"catalog\"]", "\"state\":\"STARTED\"");
        assertThat(modules.indexOf("\"catalog\"")).as("start order").isLessThan(modules.indexOf("\"ordering\""));
        String startup = get("/bento/startup").body();
        assertThat(startup).contains("\"total_time\":", "\"resolution_time\":", "\"register_time\":", "\"summary\":\"Startup metrics: total=");
        assertThat(startup).as("ordering requires catalog: both on the critical path").contains(
                "\"critical_path\":[\"catalog\",\"ordering\"]", "\"timeline\":[{\"phase\":\"resolution\",\"offset_ms\":0.0",
                "{\"phase\":\"startup\",\"module\":\"ordering\",\"offset_ms\":");
        java.util.regex.Matcher bridge = java.util.regex.Pattern.compile("\"bridge_time\":([0-9.E-]+)").matcher(startup);
        assertThat(bridge.find()).as(startup).isTrue();
        assertThat(Double.parseDouble(bridge.group(1))).as("the bridge was timed").isPositive();
        String info = get("/bento/info").body();
        assertThat(info).contains("\"service\":\"shop\"", "\"started\":true", "\"count\":",
                "\"datasources.default.url\":\"jdbc:postgresql://shop:******@db.internal:5432/shop\"",
                "\"datasources.default.password\":\"******\"", "\"bento.api-token\":\"******\"",
                "\"bento.webhook\":\"https://hooks.example/x?token=******\"");
        for (String body : List.of(modules, startup, info, get("/health").body())) {
            assertThat(body).doesNotContain("hunter2", "pg-pass-123", "tok-abc-999", "qwerty789");
        }
    }

    @Test
    void bentoExceptionsBecomeReasonCodedResponsesAndOthersA500WithoutInternals() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        HttpResponse<String> missing = get("/orders/missing", "X-Request-ID", "req-42");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"reason_code\":\"ORDER_NOT_FOUND\",\"message\":\"Order not found\","
                + "\"category\":\"NOT_FOUND\",\"details\":{\"order_id\":\"missing\"},\"retryable\":false}");
        assertThat(missing.headers().firstValue("X-Request-ID")).contains("req-42");
        HttpResponse<String> boom = get("/orders/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).startsWith("{\"reason_code\":\"INTERNAL_ERROR\",\"message\":\"Internal error (request id ")
                .doesNotContain("secret internals", "com.shop.Db", "at ");
        assertThat(boom.headers().firstValue("X-Request-ID")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }

    @Test
    void everyRequestIsRecordedInTheRequestStatistics() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        for (int i = 0; i < 5; i++) {
            get("/orders/o-" + i);
        }
        assertThat(app.runtime().performanceMonitor().requestStats().count()).isEqualTo(5);
    }

    @Test
    void endpointsCanBeMovedAndSwitchedOff() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).property("bento.endpoints.health.path", "/status")
                .property("bento.endpoints.runtime.enabled", "false").start();
        assertThat(get("/status").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(404);
        assertThat(get("/bento/info").statusCode()).isEqualTo(404);
    }

    @Test
    void micronautBeansAreReachableFromTheContainerOnceTheContextRuns() {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        com.bento.Beans beans = app.runtime().container().get("beans", com.bento.Beans.class);
        assertThat(beans.get(io.micronaut.http.server.HttpServerConfiguration.class)).isNotNull();
        assertThat(beans.find(Thread.class)).isEmpty();
        assertThatThrownBy(() -> beans.get(Thread.class)).isInstanceOf(com.bento.ServiceNotFoundException.class)
                .hasMessageStartingWith("No Micronaut bean of type java.lang.Thread.");
    }

    @Test
    void requestListenersHearOfEveryRequestWithItsRouteTemplate() throws Exception {
        app = BentoMicronaut.builder(Shop.runtime()).port(0).start();
        List<com.bento.spi.RequestListener.Request> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.context().getBean(BentoHost.class).addRequestListener(heard::add);
        get("/orders/o-7");
        get("/orders/missing");
        assertThat(heard).extracting(r -> r.method() + " " + r.route() + " " + r.status() + " " + r.scheme() + " "
                + r.protocolVersion()).containsExactly("GET /orders/{id} 200 http 1.1", "GET /orders/{id} 404 http 1.1");
        assertThat(heard).allSatisfy(r -> assertThat(r.durationNanos()).isPositive());
    }

    @Test
    void requestIdsAreVersion4Uuids() {
        java.util.UUID id = java.util.UUID.fromString(BentoFilter.newId());
        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void theSecretMaskSeesKeysAndUrlPasswords() {
        assertThat(Secrets.show("db.PASSWORD", "x")).isEqualTo("******");
        assertThat(Secrets.show("stripe.secretKey", "x")).isEqualTo("******");
        assertThat(Secrets.show("url", "redis://:p4ss@localhost:6379")).isEqualTo("redis://:p4ss@localhost:6379".replace("p4ss", "******"));
        assertThat(Secrets.show("url", "amqp://guest:guest@127.0.0.1:5672")).isEqualTo("amqp://guest:******@127.0.0.1:5672");
        assertThat(Secrets.show("service", "shop")).isEqualTo("shop");
    }

    /** Whether the port refuses connections, allowing a moment for the listening channel to close. */
    private static boolean refusesConnections(int port) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(s.isConnected()).isTrue();
                Thread.sleep(100);
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }
}
