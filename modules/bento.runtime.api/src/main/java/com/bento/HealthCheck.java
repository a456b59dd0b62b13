package com.bento;

/**
 * A module's contribution to the application's health. Register one in the container under any
 * name, with {@code HealthCheck.class} as its declared type; a web host calls it on each health
 * request and lists it under the entry's name.
 *
 * <pre>{@code
 * container.set("catalog.health", HealthCheck.class, () -> index.isLoaded() ? Health.up() : Health.down("index not loaded"));
 * }</pre>
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Checks the part; should answer within a second.
     *
     * @return its health
     * @throws Exception a failure, reported as {@code DOWN} with the exception's message
     */
    Health check() throws Exception;

    /**
     * Whether this part being {@code DOWN} makes the instance not ready for traffic. A part the
     * application can do without for a while (a cache, say) answers {@code false}: it is reported
     * {@code DOWN} and the instance {@code DEGRADED}, still ready.
     *
     * @return {@code true} by default
     */
    default boolean affectsReadiness() {
        return true;
    }
}
