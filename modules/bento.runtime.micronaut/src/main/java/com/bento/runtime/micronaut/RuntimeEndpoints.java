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

    RuntimeEndpoints(BentoHost host, Environment environment, Exposure exposure) {
        this.host = host;
        this.environment = environment;
        this.exposure = exposure;
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
        return Map.of("modules", host.runtime().moduleStatuses().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", m.name());
            row.put("type", m.type());
            row.put("requires", m.requires());
            row.put("requires_database", m.requiresDatabase());
            row.put("state", m.state().name());
            row.put("register_ms", millis(m.registerTime()));
            row.put("startup_ms", millis(m.startupTime()));
            row.put("origin", fileNames(m.origin()));
            return row;
        }).toList());
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
