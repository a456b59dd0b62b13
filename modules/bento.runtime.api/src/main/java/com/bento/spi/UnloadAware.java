package com.bento.spi;

/**
 * A service in the container that holds things of other modules (handlers, callbacks, listeners)
 * and lets go of a module's when that module is unloaded while the application runs. The runtime
 * calls it, for each created service that implements it, after the module's {@code onShutdown} and
 * before the module's own services are removed; what the service still holds of the module's
 * classes afterwards would keep the module's class loader alive.
 *
 * <pre>{@code
 * public void moduleUnloaded(String module, java.lang.Module classes) {
 *     handlers.removeIf(h -> h.getClass().getModule() == classes);
 * }
 * }</pre>
 */
public interface UnloadAware {

    /**
     * @param module the unloaded Bento module's name
     * @param classes the JPMS module its classes belong to: hold nothing defined there
     */
    void moduleUnloaded(String module, java.lang.Module classes);
}
