package com.bento;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a {@link HealthCheck}.
 *
 * @param status {@code UP}, {@code DEGRADED} (works, worse than it should) or {@code DOWN}
 * @param details facts for the health endpoint (latency, pool size); never secrets
 */
public record Health(Status status, Map<String, Object> details) {

    /** How healthy a part is. A {@code DOWN} part makes the application not ready. */
    public enum Status { UP, DEGRADED, DOWN }

    /** Validates and copies the components. */
    public Health {
        Objects.requireNonNull(status, "status");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** @return a healthy result without details */
    public static Health up() {
        return new Health(Status.UP, Map.of());
    }

    /**
     * @param reason why the part is down
     * @return a down result whose details hold the reason under {@code error}
     */
    public static Health down(String reason) {
        return new Health(Status.DOWN, Map.of("error", reason));
    }
}
