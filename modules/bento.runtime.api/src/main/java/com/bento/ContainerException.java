package com.bento;

/**
 * A container entry cannot be added or produced: its name is taken, its type does not match,
 * its factory failed or asked for itself, or it is scoped and no scope is open.
 */
public final class ContainerException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problem found. */
    public enum Reason {
        /** The name is already taken. */
        DUPLICATE_NAME,
        /** The entry's type is not the one asked for, or an instance is not of its declared type. */
        TYPE_MISMATCH,
        /** The entry's factory threw or returned nothing. */
        FACTORY_FAILED,
        /** Factories ask for each other in a cycle. */
        CYCLE,
        /** A scoped entry was asked for with no scope open. */
        NO_SCOPE,
        /** The container, or the scope, is closed. */
        CLOSED,
        /** An instance failed to close. */
        CLOSE_FAILED
    }

    private final String entry;
    private final Reason reason;

    /**
     * @param entry the entry's name
     * @param reason the problem found
     * @param message what went wrong, what was expected and how to fix it
     */
    public ContainerException(String entry, Reason reason, String message) {
        super(message);
        this.entry = entry;
        this.reason = reason;
    }

    /**
     * @param entry the entry's name
     * @param reason the problem found
     * @param message what went wrong, what was expected and how to fix it
     * @param cause the underlying failure
     */
    public ContainerException(String entry, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.entry = entry;
        this.reason = reason;
    }

    /** @return the problem found */
    public Reason reason() {
        return reason;
    }

    /** @return the name of the entry concerned */
    public String entry() {
        return entry;
    }
}
