package com.bento;

/**
 * The root of the exceptions the runtime throws for problems a user can act on. Each message
 * names the thing, says what was expected and ends with the fix.
 */
public class BentoRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, what was expected and how to fix it
     */
    public BentoRuntimeException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, what was expected and how to fix it
     * @param cause the underlying failure
     */
    public BentoRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
