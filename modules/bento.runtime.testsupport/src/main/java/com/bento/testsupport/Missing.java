package com.bento.testsupport;

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
     * @param fix what to do about it, such as "install redis-server"
     * @param cause the failure that showed it, or null
     */
    public static void skipOrFail(String reason, String fix, Throwable cause) {
        if (underCi()) {
            throw new AssertionError(failing(reason, fix), cause);
        }
        Assumptions.abort(skipping(reason, fix));
    }

    static String failing(String reason, String fix) {
        return reason + "; under CI=true that fails the run: " + fix;
    }

    static String skipping(String reason, String fix) {
        return reason + "; " + fix + " to run these tests";
    }
}
