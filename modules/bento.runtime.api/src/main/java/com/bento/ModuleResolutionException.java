package com.bento;

import java.util.List;

/**
 * The modules cannot be put in order: none was found, two share a name, one requires a module
 * that is not loaded, or requirements form a cycle.
 */
public final class ModuleResolutionException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problem found. */
    public enum Reason {
        /** Discovery found no module. */
        NO_MODULES,
        /** Two modules have the same name. */
        DUPLICATE_NAME,
        /** A module's name is empty or has characters a name may not hold. */
        INVALID_NAME,
        /** A module requires a module that is not loaded. */
        MISSING_DEPENDENCY,
        /** Requirements form a cycle. */
        CYCLE,
        /** A module could not be loaded or instantiated. */
        LOAD_FAILED,
        /** A module cannot be unloaded or replaced while running modules require it. */
        IN_USE
    }

    private final Reason reason;
    /** Kept as an array, a serializable type, so the names survive serialization with the exception. */
    private final String[] modules;

    /**
     * @param reason the problem found
     * @param modules the module names involved; for a cycle, the path with the first name repeated last
     * @param message what went wrong, what was expected and how to fix it
     */
    public ModuleResolutionException(Reason reason, List<String> modules, String message) {
        super(message);
        this.reason = reason;
        this.modules = modules.toArray(String[]::new);
    }

    /**
     * @param reason the problem found
     * @param modules the module names involved
     * @param message what went wrong, what was expected and how to fix it
     * @param cause the underlying failure
     */
    public ModuleResolutionException(Reason reason, List<String> modules, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.modules = modules.toArray(String[]::new);
    }

    /** @return the problem found */
    public Reason reason() {
        return reason;
    }

    /** @return the module names involved; for a cycle, the path {@code [a, b, a]} */
    public List<String> modules() {
        return List.of(modules);
    }
}
