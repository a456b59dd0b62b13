package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.Health;
import com.bento.HealthCheck;
import com.bento.ServiceEntry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /health} (overall), {@code /health/readiness} (may this instance take traffic) and
 * {@code /health/liveness} (is the process alive). The base path is {@code bento.endpoints.health.path};
 * {@code bento.endpoints.health.enabled=false} switches them off. Each {@link HealthCheck} in the
 * container is listed under its entry name; any DOWN check, a runtime that is not started, or a
 * drain for shutdown make readiness answer 503.
 */
@Controller("${bento.endpoints.health.path:/health}")
@Requires(property = "bento.endpoints.health.enabled", notEquals = "false")
public final class HealthEndpoint {
    private final BentoHost host;

    /**
     * @param host the host
     */
    public HealthEndpoint(BentoHost host) {
        this.host = host;
    }

    /** @return the overall health: 200 when ready, 503 otherwise */
    @Get
    public HttpResponse<Map<String, Object>> health() {
        return readiness();
    }

    /** @return 200 when the instance may take traffic, 503 otherwise */
    @Get("/readiness")
    public HttpResponse<Map<String, Object>> readiness() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", host.runtime().serviceName());
        Map<String, Object> checks = checks();
        boolean started = host.runtime().isStarted();
        boolean down = checks.values().stream().anyMatch(c -> "DOWN".equals(((Map<?, ?>) c).get("status")));
        boolean degraded = checks.values().stream().anyMatch(c -> "DEGRADED".equals(((Map<?, ?>) c).get("status")));
        String status = !started || host.draining() || down ? "DOWN" : degraded ? "DEGRADED" : "UP";
        body.put("status", status);
        body.put("modules", host.runtime().moduleStatuses().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", m.name());
            row.put("state", m.state().name());
            return row;
        }).toList());
        if (host.draining()) {
            body.put("draining", true);
        }
        body.put("checks", checks);
        return HttpResponse.status(status.equals("DOWN") ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).body(body);
    }

    /** @return 200 while the process runs */
    @Get("/liveness")
    public Map<String, Object> liveness() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", host.runtime().serviceName());
        body.put("status", "UP");
        return body;
    }

    private Map<String, Object> checks() {
        Container container = host.runtime().container();
        Map<String, Object> out = new LinkedHashMap<>();
        for (ServiceEntry e : container.entries()) {
            if (!HealthCheck.class.isAssignableFrom(e.type())) {
                continue;
            }
            long begin = System.nanoTime();
            Health health;
            try {
                health = container.get(e.name(), HealthCheck.class).check();
                if (health == null) {
                    health = Health.down("the check returned no result");
                }
            } catch (Exception ex) {
                health = Health.down(ex instanceof TimeoutException ? "timed out" : String.valueOf(ex.getMessage()));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", health.status().name());
            entry.put("latency_ms", (System.nanoTime() - begin) / 1_000_000.0);
            health.details().forEach((k, v) -> entry.put(k, Secrets.value(k, v)));
            out.put(e.name(), entry);
        }
        return out;
    }
}
