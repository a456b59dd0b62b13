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
 * drain for shutdown make readiness answer 503. Everyone sees the status; the service, modules and
 * checks only a request that {@code bento.endpoints.details} lets see them (see {@link Exposure}).
 */
@Controller("${bento.endpoints.health.path:/health}")
@Requires(property = "bento.endpoints.health.enabled", notEquals = "false")
public final class HealthEndpoint {
    private final BentoHost host;
    private final Exposure exposure;

    HealthEndpoint(BentoHost host, Exposure exposure) {
        this.host = host;
        this.exposure = exposure;
    }

    /**
     * @param request the request, to decide whether it sees the details
     * @return the overall health: 200 when ready, 503 otherwise
     */
    @Get
    public HttpResponse<Map<String, Object>> health(io.micronaut.http.HttpRequest<?> request) {
        return readiness(request);
    }

    /**
     * @param request the request, to decide whether it sees the details
     * @return 200 when the instance may take traffic, 503 otherwise; the status alone unless
     *         {@code bento.endpoints.details} lets this request see the modules and checks
     */
    @Get("/readiness")
    public HttpResponse<Map<String, Object>> readiness(io.micronaut.http.HttpRequest<?> request) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean details = exposure.details(request);
        if (details) {
            body.put("service", host.runtime().serviceName());
        }
        Map<String, Object> checks = checks();
        boolean started = host.runtime().isStarted();
        boolean down = checks.values().stream().anyMatch(c -> "DOWN".equals(((Map<?, ?>) c).get("status"))
                && !Boolean.FALSE.equals(((Map<?, ?>) c).get("affects_readiness")));
        boolean degraded = checks.values().stream().anyMatch(c -> !"UP".equals(((Map<?, ?>) c).get("status")));
        String status = !started || host.draining() || down ? "DOWN" : degraded ? "DEGRADED" : "UP";
        body.put("status", status);
        if (!details) {
            return HttpResponse.status(status.equals("DOWN") ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).body(body);
        }
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

    /**
     * @param request the request, to decide whether it sees the service's name
     * @return 200 while the process runs
     */
    @Get("/liveness")
    public Map<String, Object> liveness(io.micronaut.http.HttpRequest<?> request) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (exposure.details(request)) {
            body.put("service", host.runtime().serviceName());
        }
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
            boolean readiness = true;
            try {
                HealthCheck check = container.get(e.name(), HealthCheck.class);
                readiness = check.affectsReadiness();
                health = check.check();
                if (health == null) {
                    health = Health.down("the check returned no result");
                }
            } catch (Exception ex) {
                health = Health.down(ex instanceof TimeoutException ? "timed out" : String.valueOf(ex.getMessage()));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", health.status().name());
            entry.put("latency_ms", (System.nanoTime() - begin) / 1_000_000.0);
            if (!readiness) {
                entry.put("affects_readiness", false);
            }
            health.details().forEach((k, v) -> entry.put(k, Secrets.value(k, v)));
            out.put(e.name(), entry);
        }
        return out;
    }
}
