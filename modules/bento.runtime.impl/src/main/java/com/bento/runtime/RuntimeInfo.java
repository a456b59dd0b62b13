package com.bento.runtime;

import java.util.List;

/**
 * What a runtime is, for info endpoints and logs.
 *
 * @param serviceName the service name
 * @param environment the environment
 * @param modules module names in start order
 * @param built whether the build (gates, register, database) completed
 * @param started whether every module started and the runtime is not yet closed
 * @param databasePresent whether a database phase set a database up
 * @param contractsPresent whether contracts are loaded in the container under {@code contracts}
 */
public record RuntimeInfo(String serviceName, String environment, List<String> modules, boolean built, boolean started,
                          boolean databasePresent, boolean contractsPresent) {
    /** Copies the module list. */
    public RuntimeInfo {
        modules = List.copyOf(modules);
    }
}
