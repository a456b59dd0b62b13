package com.bento.test;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs outside the JVM is missing (a server, a program): skip
 * with the reason, or, when the environment variable {@code CI} is {@code true}, fail — a build
 * server must not pass by skipping.
 */
public final class Missing {
    private Missing() {
    }

    /** @return whether this run is a CI run ({@code CI=true}) */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the current test (outside CI) or fails it (under CI).
     *
     * @param reason what is missing and why, such as "redis-server could not be run (...)"
     * @param cause the failure that showed it, or null
     */
    public static void skipOrFail(String reason, Throwable cause) {
        if (underCi()) {
            throw new AssertionError(failing(reason), cause);
        }
        Assumptions.abort(skipping(reason));
    }

    static String failing(String reason) {
        return reason + "; under CI=true a missing server fails the run: start it";
    }

    static String skipping(String reason) {
        return reason + "; start it to run these tests";
    }
}
