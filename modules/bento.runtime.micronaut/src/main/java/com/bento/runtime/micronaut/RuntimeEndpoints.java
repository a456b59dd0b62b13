package com.bento.runtime.micronaut;

import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RequestStats;
import com.bento.runtime.RuntimeInfo;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /bento/modules}, {@code /bento/startup} and {@code /bento/info}. The base path is
 * {@code bento.endpoints.runtime.path}; {@code bento.endpoints.runtime.enabled=false} switches them
 * off. Configuration shown on {@code /bento/info} is masked: values of keys that look like secrets,
 * and passwords inside URLs, print as {@code ******}; jars and folders by their file names. Who may
 * see them: {@code bento.endpoints.details} (see {@link Exposure}).
 */
@Controller("${bento.endpoints.runtime.path:/bento}")
@Requires(property = "bento.endpoints.runtime.enabled", notEquals = "false")
public final class RuntimeEndpoints {
    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile("(?:[A-Za-z]:)?[/\\\\][^,()\\s]*[/\\\\]([^/\\\\,()\\s]+)");
    private final BentoHost host;
    private final Environment environment;
    private final Exposure exposure;

    private final io.micronaut.context.BeanProvider<io.micronaut.web.router.Router> router;

    private final io.micronaut.context.BeanProvider<ModuleRoutes> moduleRoutes;

    RuntimeEndpoints(BentoHost host, Environment environment, Exposure exposure,
                     io.micronaut.context.BeanProvider<io.micronaut.web.router.Router> router,
                     io.micronaut.context.BeanProvider<ModuleRoutes> moduleRoutes) {
        this.host = host;
        this.environment = environment;
        this.exposure = exposure;
        this.router = router;
        this.moduleRoutes = moduleRoutes;
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @return one OpenAPI 3.1 document of every module's routes, with Bento's error envelope,
     *         {@code X-Request-ID} and each module's reason codes
     */
    @Get("/openapi")
    public HttpResponse<Map<String, Object>> openapi(HttpRequest<?> request) {
        return exposure.refusal(request).orElseGet(() -> HttpResponse.ok(OpenApi.document(host.runtime(), router.get(),
                environment.getProperty("micronaut.application.version", String.class).orElse("0.0.0"),
                moduleRoutes.isPresent() ? moduleRoutes.get().routes() : java.util.List.of())));
    }

    /**
     * The runtime's page: the module graph, the start-up waterfall, each module's state, request
     * statistics and health, drawn in the browser from the endpoints beside it. One page and its own
     * script and style, all from this jar. Served unless {@code bento.endpoints.details=never}; when
     * the details need a token, the page asks for it and sends it with each of its requests.
     *
     * @return the page
     */
    @Get("/ui")
    public HttpResponse<?> ui() {
        if (exposure.mode() == Exposure.Mode.NEVER) {
            return notExposed();
        }
        String health = environment.getProperty("bento.endpoints.health.path", String.class).orElse("/health");
        String base = environment.getProperty("bento.endpoints.runtime.path", String.class).orElse("/bento");
        return page(Ui.INDEX.replace("{{base}}", base).replace("{{health}}", health), io.micronaut.http.MediaType.TEXT_HTML);
    }

    /** @return the page's script */
    @Get("/ui/app.js")
    public HttpResponse<?> uiScript() {
        return exposure.mode() == Exposure.Mode.NEVER ? notExposed() : page(Ui.SCRIPT, "text/javascript;charset=utf-8");
    }

    /** @return the page's style */
    @Get("/ui/app.css")
    public HttpResponse<?> uiStyle() {
        return exposure.mode() == Exposure.Mode.NEVER ? notExposed() : page(Ui.STYLE, "text/css;charset=utf-8");
    }

    private static HttpResponse<?> notExposed() {
        com.bento.ReasonCode notFound = ErrorResponses.forStatus(404, null);
        return HttpResponse.notFound(ErrorResponses.body(notFound, notFound.message(), Map.of()));
    }

    private static HttpResponse<String> page(String body, String type) {
        return HttpResponse.ok(body).contentType(type).header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                        + " connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    }

    /** The page's files, read once from this module. */
    private static final class Ui {
        static final String INDEX = read("ui/index.html");
        static final String SCRIPT = read("ui/app.js");
        static final String STYLE = read("ui/app.css");

        private static String read(String name) {
            try (java.io.InputStream in = RuntimeEndpoints.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("The runtime page's file " + name + " is missing from"
                            + " bento-runtime-micronaut's jar; rebuild the jar");
                }
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @param format {@code json} (the default) or {@code mermaid}
     * @return the module graph with each module's served routes: JSON, or a Mermaid flowchart as text
     */
    @Get("/graph{?format}")
    public HttpResponse<?> graph(HttpRequest<?> request, @io.micronaut.core.annotation.Nullable String format) {
        java.util.Optional<HttpResponse<Map<String, Object>>> refused = exposure.refusal(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        com.bento.runtime.ModuleGraph graph = host.runtime().graph().withRoutes(node -> {
            java.util.List<com.bento.runtime.ModuleGraph.Route> routes = new java.util.ArrayList<>(
                    Routes.served(router.get(), java.util.Set.copyOf(node.controllers())));
            moduleRoutes.ifPresent(m -> routes.addAll(m.routesOf(node.name()))); // declared as code
            return routes;
        });
        if (format == null || format.isBlank() || format.equalsIgnoreCase("json")) {
            return HttpResponse.ok(graph.asMap());
        }
        if (format.equalsIgnoreCase("mermaid")) {
            return HttpResponse.ok(graph.toMermaid()).contentType(io.micronaut.http.MediaType.TEXT_PLAIN_TYPE);
        }
        com.bento.ReasonCode reason = new com.bento.ReasonCode("FIELD_INVALID", 422, "VALIDATION", false,
                "format must be json or mermaid");
        return HttpResponse.status(io.micronaut.http.HttpStatus.UNPROCESSABLE_ENTITY)
                .body(ErrorResponses.body(reason, reason.message(), Map.of("field", "format", "got", format)));
    }

    /** A jar or folder shown by its file name: where the application is installed is nobody's business. */
    static String fileNames(String text) {
        return PATH.matcher(text).replaceAll("$1");
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @return the modules in start order with their requirements, state and timings
     */
    @Get("/modules")
    public HttpResponse<Map<String, Object>> modules(HttpRequest<?> request) {
        return exposure.refusal(request).orElseGet(() -> HttpResponse.ok(modules()));
    }

    private Map<String, Object> modules() {
        java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>(host.runtime().moduleStatuses().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", m.name());
            row.put("type", m.type());
            row.put("requires", m.requires());
            row.put("requires_database", m.requiresDatabase());
            row.put("state", m.state().name());
            row.put("register_ms", millis(m.registerTime()));
            row.put("startup_ms", millis(m.startupTime()));
            row.put("origin", fileNames(m.origin()));
            row.put("loaded", false);
            return row;
        }).toList());
        // modules loaded while the application runs, after those it started with
        for (com.bento.runtime.ModuleDescriptor d : host.runtime().dynamicModules().loaded()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", d.name());
            row.put("type", d.providerType().getName());
            row.put("requires", d.requires());
            row.put("requires_database", d.requiresDatabase());
            row.put("state", "STARTED");
            row.put("origin", fileNames(d.origin()));
            row.put("loaded", true);
            rows.add(row);
        }
        // what happened to them, oldest first
        java.util.List<Map<String, Object>> events = host.runtime().dynamicModules().history().stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event", e.type());
            row.put("modules", e.modules());
            row.put("at", e.at().toString());
            e.failure().ifPresent(f -> row.put("failure", Secrets.maskInText(fileNames(f))));
            return row;
        }).toList();
        return Map.of("modules", rows, "events", events);
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @return the startup metrics in seconds, the time the bridge into Micronaut took, the one-line summary,
     *         the critical path of the startup hooks and the timeline (each phase and hook with its offset)
     */
    @Get("/startup")
    public HttpResponse<Map<String, Object>> startup(HttpRequest<?> request) {
        return exposure.refusal(request).orElseGet(() -> HttpResponse.ok(startup()));
    }

    private Map<String, Object> startup() {
        com.bento.runtime.StartupMetrics metrics = host.runtime().startupMetrics();
        Map<String, Object> body = new LinkedHashMap<>(metrics.asMap());
        body.put("bridge_time", host.bridgeTime().toNanos() / 1e9);
        host.preload().ifPresent(done -> {
            body.put("preloaded_bean_definitions", done.loaded());
            body.put("preload_time", done.took().toNanos() / 1e9);
        });
        body.put("summary", metrics.summary());
        body.put("critical_path", metrics.criticalPath());
        body.put("timeline", metrics.timeline().stream().map(step -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("phase", step.phase());
            if (!step.module().isEmpty()) {
                row.put("module", step.module());
            }
            row.put("offset_ms", millis(step.offset()));
            row.put("duration_ms", millis(step.duration()));
            return row;
        }).toList());
        return body;
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @return what the runtime is, its request statistics and its (masked) configuration
     */
    @Get("/info")
    public HttpResponse<Map<String, Object>> info(HttpRequest<?> request) {
        return exposure.refusal(request).orElseGet(() -> HttpResponse.ok(info()));
    }

    private Map<String, Object> info() {
        BentoRuntime runtime = host.runtime();
        RuntimeInfo info = runtime.performanceMonitor().runtimeInfo();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", info.serviceName());
        body.put("environment", info.environment());
        body.put("modules", info.modules());
        body.put("built", info.built());
        body.put("started", info.started());
        body.put("database", info.databasePresent());
        body.put("contracts", info.contractsPresent());
        RequestStats s = runtime.performanceMonitor().requestStats();
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("count", s.count());
        requests.put("avg_ms", millis(s.average()));
        requests.put("min_ms", millis(s.min()));
        requests.put("max_ms", millis(s.max()));
        requests.put("p50_ms", millis(s.p50()));
        requests.put("p95_ms", millis(s.p95()));
        requests.put("p99_ms", millis(s.p99()));
        body.put("requests", requests);
        body.put("configuration", configuration());
        return body;
    }

    private Map<String, Object> configuration() {
        Map<String, Object> out = new TreeMap<>();
        for (String root : new String[] {"bento", "datasources", "micronaut.application", "micronaut.server", "redis"}) {
            flatten(root, environment.getProperties(root), out);
        }
        return out;
    }

    private static void flatten(String prefix, Map<String, Object> values, Map<String, Object> out) {
        values.forEach((k, v) -> {
            String key = prefix + "." + k;
            if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) nested;
                flatten(key, m, out);
            } else {
                out.put(key, Secrets.show(key, v));
            }
        });
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }
}
