package com.bento.runtime;

import com.bento.Module;
import com.bento.StartupGate;
import com.bento.spi.DatabasePhase;
import com.bento.spi.RuntimeListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RuntimeBuilder} was told, frozen by {@link RuntimeBuilder#build()}: the runtime reads
 * this record and nothing flows back to the builder, which may be changed or reused afterwards.
 */
record RuntimeSettings(String serviceName, String environment, List<Module> modules, List<Source> sources,
                       Map<String, Object> services, List<StartupGate> gates, boolean skipGates,
                       @Nullable Path contracts, boolean requireContracts, boolean testMode, List<Module> standIns,
                       Duration hookTimeout, boolean parallelStart, boolean shutdownHook,
                       List<RuntimeListener> listeners, boolean listenerDiscovery,
                       @Nullable DatabasePhase databasePhase, Map<String, String> databaseSettings) {

    /** Where to look for providers of a service: a module layer or a class loader. */
    record Source(String description, Function<Class<?>, ServiceLoader<?>> loader) {
    }

    RuntimeSettings {
        modules = List.copyOf(modules);
        sources = List.copyOf(sources);
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        gates = List.copyOf(gates);
        standIns = List.copyOf(standIns);
        listeners = List.copyOf(listeners);
        databaseSettings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(databaseSettings));
    }

    /** @return hooks that may run at once in a start or stop */
    int parallelism() {
        return parallelStart ? DefaultRuntimeBuilder.MAX_PARALLEL_HOOKS : 1;
    }
}
