package com.bento.runtime;

/** Where a module is in its lifecycle. */
public enum ModuleState {
    /** Loaded and ordered; {@code onRegister} has not run. */
    RESOLVED,
    /** {@code onRegister} completed. */
    REGISTERED,
    /** {@code onStartup} completed (or was abandoned after its time limit). */
    STARTED,
    /** {@code onShutdown} ran. */
    STOPPED,
    /** A hook of this module failed. */
    FAILED
}
