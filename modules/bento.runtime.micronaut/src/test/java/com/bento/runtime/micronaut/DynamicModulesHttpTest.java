package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.Container;
import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules loaded into a serving application: compiled here as JPMS modules that declare routes as
 * code, loaded, called, reloaded and unloaded over the admin endpoints of a real server, with the
 * JDK's HTTP client.
 */
class DynamicModulesHttpTest {

    @TempDir
    static Path modulesDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BentoApp app;

    @BeforeAll
    static void compileModules() throws IOException {
        pricing("pricing-v1", "1");
        pricing("pricing-v2", "2");
        compile("clash", "dyn.clash", Map.of("dyn/clash/ClashModule.java", "package dyn.clash;\n"
                + "import com.bento.http.*;\n"
                + "public final class ClashModule implements com.bento.Module {\n"
                + "  public void routes(HttpRoutes routes, com.bento.Container c) {\n"
                + "    routes.get(\"/bento/modules\", call -> HttpReply.text(200, \"mine\")); }\n"
                + "}"), "dyn.clash.ClashModule");
        compile("with-controller", "dyn.withcontroller", Map.of("dyn/withcontroller/WithControllerModule.java",
                "package dyn.withcontroller;\n"
                + "public final class WithControllerModule implements com.bento.Module {\n"
                + "  public java.util.List<Class<?>> controllers() { return java.util.List.of(Web.class); }\n"
                + "  public static final class Web { }\n"
                + "}"), "dyn.withcontroller.WithControllerModule");
        compile("prices-too", "dyn.pricetoo", Map.of("dyn/pricetoo/PriceTooModule.java", "package dyn.pricetoo;\n"
                + "import com.bento.http.*;\n"
                + "public final class PriceTooModule implements com.bento.Module {\n"
                + "  public void routes(HttpRoutes routes, com.bento.Container c) {\n"
                + "    routes.get(\"/prices/{item}\", call -> HttpReply.text(200, \"too\")); }\n"
                + "}"), "dyn.pricetoo.PriceTooModule");
    }

    private static void pricing(String dir, String version) throws IOException {
        compile(dir, "dyn.pricing", Map.of("dyn/pricing/PricingModule.java", "package dyn.pricing;\n"
                + "import com.bento.http.*;\n"
                + "@com.bento.Requires(\"core\")\n"
                + "public final class PricingModule implements com.bento.Module {\n"
                + "  public String name() { return \"pricing\"; }\n"
                // the handlers read the module's own service when they answer: once it is unloaded, that fails
                + "  public void onRegister(com.bento.Container c) { c.set(\"pricing.version\", \"" + version + "\"); }\n"
                + "  public void routes(HttpRoutes routes, com.bento.Container c) {\n"
                + "    routes.get(\"/prices/{sku}\", call -> HttpReply.json(200, \"{\\\"sku\\\":\\\"\" + call.pathParam(\"sku\")"
                + " + \"\\\",\\\"version\\\":\\\"\" + c.get(\"pricing.version\") + \"\\\",\\\"currency\\\":\\\"\" + c.get(\"core.currency\") + \"\\\"}\"));\n"
                + "    routes.get(\"/prices/special/slow\", call -> {"
                + " c.find(\"entered\", java.util.concurrent.CountDownLatch.class).ifPresent(java.util.concurrent.CountDownLatch::countDown);"
                + " Thread.sleep(Long.parseLong(call.queryParam(\"ms\").orElse(\"500\")));"
                + " return HttpReply.text(200, (String) c.get(\"pricing.version\")); });\n"
                + "    routes.post(\"/prices\", call -> HttpReply.json(201, call.text()).withHeader(\"X-Version\", \"" + version + "\"));\n"
                + "    routes.get(\"/prices/special/fail\", call -> { throw new IllegalStateException(\"password=hunter2 in the rates\"); });\n"
                + "    routes.get(\"/prices/special/conflict\", call -> { throw new com.bento.BentoException(new com.bento.ReasonCode("
                + "\"PRICE_STALE\", 409, \"CONFLICT\", true, \"The price changed\"), java.util.Map.of(\"sku\", \"tea\")); });\n"
                + "  }\n"
                + "}"), "dyn.pricing.PricingModule");
    }

    private static void compile(String dir, String module, Map<String, String> sources, String provider) throws IOException {
        Path src = Files.createDirectories(modulesDir.resolveSibling(modulesDir.getFileName() + "-src").resolve(dir));
        Path out = Files.createDirectories(modulesDir.resolve(dir));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-proc:none",
                "--module-path", System.getProperty("jdk.module.path")));
        Map<String, String> all = new java.util.HashMap<>(sources);
        all.put("module-info.java", "module " + module + " { requires bento.runtime.api;"
                + " provides com.bento.Module with " + provider + "; }");
        for (Map.Entry<String, String> e : all.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, err, err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException(dir + " did not compile:\n" + err);
        }
    }

    /** The module the application starts with; the loaded ones require it. */
    static final class CoreModule implements Module {
        @Override
        public String name() {
            return "core";
        }

        @Override
        public void onRegister(Container c) {
            c.set("core.currency", "EUR");
        }

        @Override
        public void routes(com.bento.http.HttpRoutes routes, Container c) {
            routes.get("/core/currency", call -> com.bento.http.HttpReply.text(200, (String) c.get("core.currency")));
        }
    }

    /** Started with the runtime, with a route a controller serves already. */
    static final class GreedyModule implements Module {
        @Override
        public void routes(com.bento.http.HttpRoutes routes, Container c) {
            routes.get("/bento/graph", call -> com.bento.http.HttpReply.text(200, "mine")); // the controller's is /graph{?format}
        }
    }

    /** Counted down by the slow route when a call has entered the module. */
    private final CountDownLatch entered = new CountDownLatch(1);

    private RuntimeBuilder runtime(String environment) {
        return BentoRuntime.builder().withConfig("dyn", environment).withListenerDiscovery(false).withModules(new CoreModule())
                .withService("entered", entered);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private BentoApp start() {
        return start(runtime("local"));
    }

    private BentoApp start(RuntimeBuilder runtime) {
        return BentoMicronaut.builder(runtime).port(0).property("bento.modules.dir", modulesDir.toString()).start();
    }

    @Test
    void aModuleLoadedOverHttpAnswersItsRoutesWithoutARestart() throws Exception {
        app = start();
        assertThat(get("/prices/tea").statusCode()).isEqualTo(404);

        HttpResponse<String> loaded = send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(201);
        assertThat(loaded.body()).contains("\"name\":\"pricing\"", "\"jpms_module\":\"dyn.pricing\"");

        HttpResponse<String> price = get("/prices/tea");
        assertThat(price.statusCode()).isEqualTo(200);
        assertThat(price.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(price.body()).isEqualTo("{\"sku\":\"tea\",\"version\":\"1\",\"currency\":\"EUR\"}");
        assertThat(price.headers().firstValue("X-Request-ID")).as("Bento's filters ran first").isPresent();

        HttpResponse<String> posted = send("POST", "/prices", "{\"sku\":\"cake\"}");
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.body()).isEqualTo("{\"sku\":\"cake\"}");
        assertThat(posted.headers().firstValue("X-Version")).hasValue("1");

        assertThat(get("/bento/modules").body()).contains("\"name\":\"pricing\"", "\"loaded\":true", "\"name\":\"core\"");
        assertThat(get("/core/currency").body()).as("a module started with the runtime serves its routes too").isEqualTo("EUR");
        assertThat(get("/bento/graph").body()).as("the graph shows routes declared as code")
                .contains("\"routes\":[\"GET /core/currency\"]");
        String openapi = get("/bento/openapi").body();
        assertThat(openapi).as("OpenAPI documents routes declared as code, loaded modules' too")
                .contains("\"/prices/{sku}\":{\"get\":{\"operationId\":\"pricing.get_prices_sku_\"", "\"/core/currency\"",
                        "\"x-bento-declared-as-code\":true", "\"name\":\"sku\",\"in\":\"path\"");
    }

    @Test
    void aRouteOfAModuleStartedWithTheRuntimeThatAControllerServesFailsTheStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(runtime("local").withModules(new GreedyModule())))
                .hasStackTraceContaining("Route GET /bento/graph of module 'greedy' is served already by a controller");
    }

    @Test
    void twoLoadedModulesCannotServeOneRoute() throws Exception {
        app = start();
        send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
        HttpResponse<String> refused = send("POST", "/bento/modules", "{\"paths\":[\"prices-too\"]}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("Route GET /prices/{item} of module 'pricetoo' is served already, as GET"
                + " /prices/{sku} of module 'pricing'");
        assertThat(get("/prices/tea").body()).contains("\"version\":\"1\"");
    }

    @Test
    void aLoadedRouteIsLoggedAndCountedUnderItsTemplateAndTheLoadIsAnEvent() throws Exception {
        ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("bento.http.access");
        access.setLevel(ch.qos.logback.classic.Level.INFO);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            app = start();
            send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
            get("/prices/tea");
            assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).startsWith("method=GET route=/prices/{sku} path=/prices/tea status=200"));
            send("DELETE", "/bento/modules/pricing", null);
            assertThat(get("/bento/modules").body()).contains("\"events\":[{\"event\":\"module.loaded\",\"modules\":[\"pricing\"]",
                    "{\"event\":\"module.unloaded\",\"modules\":[\"pricing\"]");
        } finally {
            access.detachAppender(lines);
        }
    }

    @Test
    void errorsOfLoadedRoutesUseBentosEnvelope() throws Exception {
        app = start();
        send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");

        HttpResponse<String> failed = get("/prices/special/fail");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("\"reason_code\":\"INTERNAL_ERROR\"").doesNotContain("hunter2");

        HttpResponse<String> conflict = get("/prices/special/conflict");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("\"reason_code\":\"PRICE_STALE\"", "\"retryable\":true", "\"sku\":\"tea\"");

        HttpResponse<String> put = send("PUT", "/prices/tea", "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET");
        assertThat(put.body()).contains("\"reason_code\":\"METHOD_NOT_ALLOWED\"");
    }

    @Test
    void unloadDrainsTheModuleAndItsRoutesGo() throws Exception {
        app = start();
        send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
        List<HttpResponse<String>> slow = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                slow.add(get("/prices/special/slow?ms=700"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        caller.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the slow call entered the module").isTrue();

        HttpResponse<String> unloaded = send("DELETE", "/bento/modules/pricing", null);
        caller.join(10_000);

        assertThat(unloaded.statusCode()).as(unloaded.body()).isEqualTo(200);
        assertThat(unloaded.body()).contains("\"unloaded\":[\"pricing\"]");
        assertThat(slow).singleElement().satisfies(r -> {
            assertThat(r.statusCode()).as("the call in flight finished before the module stopped").isEqualTo(200);
            assertThat(r.body()).isEqualTo("1");
        });
        HttpResponse<String> gone = get("/prices/tea");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("\"reason_code\":\"NOT_FOUND\"");
        assertThat(send("DELETE", "/bento/modules/pricing", null).body()).contains("\"reason_code\":\"MODULE_NOT_LOADED\"");
        assertThat(send("DELETE", "/bento/modules/core", null).body()).contains("was started with runtime 'dyn'");
    }

    @Test
    void aReloadUnderASteadyRequestLoopAnswersEveryCall() throws Exception {
        app = start();
        send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
        AtomicBoolean running = new AtomicBoolean(true);
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            List<String> versions = new ArrayList<>();
            seen.add(versions);
            Thread loop = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = get("/prices/tea");
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        } else {
                            versions.add(r.body().contains("\"version\":\"2\"") ? "2" : "1");
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "request-loop-" + t);
            loops.add(loop);
            loop.start();
        }
        Thread.sleep(300);
        List<HttpResponse<String>> slow = new CopyOnWriteArrayList<>();
        Thread slowCall = new Thread(() -> {
            try {
                slow.add(get("/prices/special/slow?ms=600"));
            } catch (Exception e) {
                failures.add(e.toString());
            }
        });
        slowCall.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the slow call entered the module").isTrue();

        HttpResponse<String> reloaded = send("POST", "/bento/modules/pricing/reload", "{\"paths\":[\"pricing-v2\"]}");
        Thread.sleep(300);
        running.set(false);
        for (Thread loop : loops) {
            loop.join(10_000);
        }
        slowCall.join(10_000);

        assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
        assertThat(failures).as("calls not answered 200 during the reload").isEmpty();
        assertThat(slow).singleElement().satisfies(r -> assertThat(r.body()).as("in flight: the old version").isEqualTo("1"));
        for (List<String> versions : seen) {
            assertThat(versions).as("each loop saw the old version, then only the new").isNotEmpty()
                    .startsWith("1").endsWith("2");
            assertThat(String.join("", versions)).matches("1+2+");
        }
        assertThat(get("/prices/tea").body()).contains("\"version\":\"2\"");
    }

    @Test
    void aRouteThatClashesWithAControllerRefusesTheLoad() throws Exception {
        app = start();
        HttpResponse<String> refused = send("POST", "/bento/modules", "{\"paths\":[\"clash\"]}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"reason_code\":\"MODULE_LOAD_FAILED\"", "GET /bento/modules",
                "is served already by a controller");
        assertThat(get("/bento/modules").body()).doesNotContain("\"loaded\":true");
    }

    @Test
    void aLoadedModuleWithMicronautControllersIsRefusedSayingHowToServeIt() throws Exception {
        app = start();
        HttpResponse<String> refused = send("POST", "/bento/modules", "{\"paths\":[\"with-controller\"]}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Module 'withcontroller'", "dyn.withcontroller.WithControllerModule$Web",
                "routes(HttpRoutes, Container)");
        assertThat(app.runtime().dynamicModules().loaded()).isEmpty();
    }

    @Test
    void pathsMustNameSomethingInsideTheModulesFolder() throws Exception {
        app = start();
        HttpResponse<String> escape = send("POST", "/bento/modules", "{\"paths\":[\"../pricing-v1\"]}");
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.body()).contains("\"reason_code\":\"MODULE_PATHS_INVALID\"", "not inside bento.modules.dir");
        assertThat(send("POST", "/bento/modules", "{\"paths\":[]}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/bento/modules", "{\"paths\":[\"nothing-here\"]}").body()).contains("No 'nothing-here'");
    }

    @Test
    void outsideLocalTheAdminEndpointsNeedTheTokenAndTheFolder() throws Exception {
        app = BentoMicronaut.builder(runtime("prod")).port(0).property("bento.endpoints.token", "s3cret").start();
        HttpResponse<String> anonymous = send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> noFolder = send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}",
                "Authorization", "Bearer s3cret");
        assertThat(noFolder.statusCode()).isEqualTo(403);
        assertThat(noFolder.body()).contains("\"reason_code\":\"MODULE_LOADING_OFF\"", "bento.modules.dir");
    }

    @Test
    void theLayerOfAModuleUnloadedFromAServingHostIsCollected() throws Exception {
        app = start();
        WeakReference<ClassLoader> loader = loadCallUnload();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loader.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(loader.get()).as("the class loader of the unloaded layer, 10 s of GC later").isNull();
    }

    private WeakReference<ClassLoader> loadCallUnload() throws Exception {
        send("POST", "/bento/modules", "{\"paths\":[\"pricing-v1\"]}");
        assertThat(get("/prices/tea").statusCode()).isEqualTo(200);
        WeakReference<ClassLoader> loader = new WeakReference<>(app.runtime().dynamicModules().loaded().get(0)
                .providerType().getClassLoader());
        send("DELETE", "/bento/modules/pricing", null);
        return loader;
    }
}
