package com.bento.otel;

import io.opentelemetry.common.ComponentLoader;
import java.util.ServiceLoader;

/**
 * Loads the OpenTelemetry SDK's plug-ins (exporters, propagators, samplers, resource providers,
 * customizers...) with {@link ServiceLoader}, as the SDK's own loader does, but from this module,
 * which adds each type it is asked for to its {@code uses} and to what it reads before loading it.
 *
 * <p>The SDK's own loader calls {@code ServiceLoader} from {@code io.opentelemetry.common}. As an
 * automatic module (the OpenTelemetry jars on the module path) that module may load any service, but
 * given a module descriptor (to link the SDK into a run-time image with jlink) it cannot declare
 * {@code uses} for the autoconfigure SPI, whose module requires it, and the SDK then fails to start:
 * "module io.opentelemetry.common does not declare `uses`". On the class path nothing changes.
 */
final class ModuleComponentLoader implements ComponentLoader {
    private final ClassLoader loader;

    ModuleComponentLoader(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public <T> Iterable<T> load(Class<T> type) {
        Module self = ModuleComponentLoader.class.getModule();
        // both do nothing in the unnamed module, or when the module already reads and uses the type
        self.addReads(type.getModule());
        self.addUses(type);
        return ServiceLoader.load(type, loader);
    }
}
