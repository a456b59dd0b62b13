package com.bento.runtime;

import java.time.Duration;
import java.util.List;

/**
 * One module as the runtime sees it.
 *
 * @param name the module's name
 * @param type the module's class name
 * @param requires the names it requires
 * @param requiresDatabase whether it requires a database
 * @param state where it is in its lifecycle
 * @param registerTime how long {@code onRegister} took, zero before it ran
 * @param startupTime how long {@code onStartup} took, zero before it ran
 * @param origin its JPMS module and jar, or its class-path location
 */
public record ModuleStatus(String name, String type, List<String> requires, boolean requiresDatabase, ModuleState state,
                           Duration registerTime, Duration startupTime, String origin) {
    /** Copies the requirements. */
    public ModuleStatus {
        requires = List.copyOf(requires);
    }

}
