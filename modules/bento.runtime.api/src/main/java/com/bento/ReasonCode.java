package com.bento;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the reason-code catalog: what a failure is called across modules and what it
 * means for an HTTP caller.
 *
 * @param code the code, such as {@code ORDER_NOT_FOUND}
 * @param httpStatus the HTTP status it answers with, 100 to 599
 * @param category a coarse kind, such as {@code NOT_FOUND} or {@code CONFLICT}
 * @param retryable whether the caller may retry the same request
 * @param message the human-readable message
 */
public record ReasonCode(String code, int httpStatus, String category, boolean retryable, String message)
        implements java.io.Serializable {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** Validates the components. */
    public ReasonCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("Invalid reason code '" + code
                    + "': expected upper-case letters, digits and '_', starting with a letter, such as ORDER_NOT_FOUND");
        }
        if (httpStatus < 100 || httpStatus > 599) {
            throw new IllegalArgumentException("Invalid HTTP status " + httpStatus + " for reason code '" + code
                    + "': expected 100 to 599");
        }
    }

    /**
     * A code the catalog does not define: status 500, category {@code UNKNOWN}, not retryable, and
     * the code itself as message.
     *
     * @param code the code
     * @return the default entry
     */
    public static ReasonCode unknown(String code) {
        return new ReasonCode(code, 500, "UNKNOWN", false, code);
    }

    /** The runtime's own reason for an invalid state transition: 409, not retryable. */
    public static final ReasonCode STATE_TRANSITION_INVALID =
            new ReasonCode("STATE_TRANSITION_INVALID", 409, "CONFLICT", false, "State transition not allowed");

    /** The runtime's own reason for a concurrent update lost to another: 409, retryable. */
    public static final ReasonCode OPTIMISTIC_LOCK_CONFLICT =
            new ReasonCode("OPTIMISTIC_LOCK_CONFLICT", 409, "CONFLICT", true, "The entity was changed by someone else");

    /** The runtime's reason for work cut off by its request's time budget: 503, retryable. */
    public static final ReasonCode DEADLINE_EXCEEDED =
            new ReasonCode("DEADLINE_EXCEEDED", 503, "UNAVAILABLE", true, "The request ran out of its time budget");

    /** The runtime's reason for an unexpected failure: 500, not retryable. */
    public static final ReasonCode INTERNAL_ERROR =
            new ReasonCode("INTERNAL_ERROR", 500, "INTERNAL", false, "Internal error");
}
