package com.bento.test;

import com.bento.Module;
import com.bento.ServiceKey;
import com.bento.runtime.BentoRuntime;
import java.util.List;

/**
 * Assertions about a Bento runtime for application tests. They live here, in the testing module,
 * rather than on {@link BentoRuntime}: production types do not throw {@link AssertionError}.
 */
public final class BentoAssertions {

    private BentoAssertions() {
    }

    /**
     * Asserts that a module is loaded.
     *
     * @param runtime the runtime under test
     * @param name the module's name
     * @throws AssertionError naming the loaded modules when it is not
     */
    public static void assertModuleLoaded(BentoRuntime runtime, String name) {
        List<String> loaded = runtime.modules().stream().map(Module::name).toList();
        if (!loaded.contains(name)) {
            throw new AssertionError("Expected module '" + name + "' to be loaded, but it is not. Loaded modules: "
                    + (loaded.isEmpty() ? "none" : String.join(", ", loaded)) + ".");
        }
    }

    /**
     * Asserts that a service is registered under a name.
     *
     * @param runtime the runtime under test
     * @param name the entry's name
     * @throws AssertionError naming the registered services when it is not
     */
    public static void assertServiceRegistered(BentoRuntime runtime, String name) {
        if (!runtime.container().has(name)) {
            throw new AssertionError("Expected service '" + name + "' to be registered, but it is not. Registered: "
                    + String.join(", ", runtime.container().names()) + ".");
        }
    }

    /**
     * Asserts that a service is registered under a key's name, and is of the key's type.
     *
     * @param runtime the runtime under test
     * @param key the entry's name and type
     * @throws AssertionError when it is missing or of another declared type
     */
    public static void assertServiceRegistered(BentoRuntime runtime, ServiceKey<?> key) {
        assertServiceRegistered(runtime, key.name());
        runtime.container().entries().stream().filter(e -> e.name().equals(key.name())).findFirst()
                .filter(e -> !key.type().isAssignableFrom(e.type()))
                .ifPresent(e -> {
                    throw new AssertionError("Expected service '" + key.name() + "' to be a " + key.type().getName()
                            + ", but it is declared as " + e.type().getName() + ".");
                });
    }
}
