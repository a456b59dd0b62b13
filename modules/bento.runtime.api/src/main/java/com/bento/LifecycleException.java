package com.bento;

import java.util.Optional;

/**
 * A lifecycle phase failed: a gate rejected the start, a module hook threw, or the database
 * could not be set up. The message names the phase, the module when there is one, and the cause;
 * failures of the clean-up that followed are attached as suppressed exceptions.
 */
public class LifecycleException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    private final String phase;
    private final String module;

    /**
     * @param phase the phase that failed, such as {@code startup}
     * @param module the module whose hook failed, or {@code null} when the phase failed as a whole
     * @param message what went wrong and how to fix it
     * @param cause the underlying failure, or {@code null}
     */
    public LifecycleException(String phase, @org.jspecify.annotations.Nullable String module, String message,
                              @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.phase = phase;
        this.module = module;
    }

    /** @return the phase that failed: {@code gates}, {@code register}, {@code database}, {@code startup} or {@code shutdown} */
    public String phase() {
        return phase;
    }

    /** @return the module whose hook failed, if the failure belongs to one */
    public Optional<String> module() {
        return Optional.ofNullable(module);
    }
}
