package com.bento.runtime;

import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.runtime.RuntimeSettings.Source;
import com.bento.spi.Providers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The one pass that finds a runtime's modules, and the one way it finds providers of its other SPIs.
 * Each module is read once, into a {@link ModuleDescriptor}; everything after works on descriptors.
 */
final class Discovery {
    private Discovery() {
    }

    /**
     * @param ordered the modules to run, each after those it requires
     * @param notLoaded modules seen but not run: replaced by a stand-in, or on the path without being
     *        asked for (when the builder named its modules instead of discovering them)
     */
    record Modules(List<ModuleDescriptor> ordered, List<ModuleDescriptor> notLoaded) {
        Modules {
            ordered = List.copyOf(ordered);
            notLoaded = List.copyOf(notLoaded);
        }
    }

    /** Given modules, then discovered ones (once per class), then stand-ins replacing by name; ordered. */
    static Modules modules(RuntimeSettings settings) {
        ModuleRegistry registry = ModuleRegistry.create();
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Module m : settings.modules()) {
            registry.register(ModuleDescriptor.of(m, ModuleDescriptor.Kind.GIVEN));
            seen.add(m.getClass());
        }
        int discovered = 0;
        for (Source source : settings.sources()) {
            for (Module m : load(source, Module.class, Set.of())) {
                discovered++;
                if (seen.add(m.getClass())) {
                    registry.register(ModuleDescriptor.of(m, ModuleDescriptor.Kind.DISCOVERED));
                }
            }
        }
        List<ModuleDescriptor> notLoaded = new ArrayList<>();
        if (settings.sources().isEmpty()) {
            // named modules only: what else is on the path is listed once, so that a web host knows
            // which controllers it sees that belong to no running module
            for (Module m : load(contextSource(), Module.class, seen)) {
                notLoaded.add(ModuleDescriptor.of(m, ModuleDescriptor.Kind.PRESENT));
            }
        }
        for (Module standIn : settings.standIns()) {
            registry.replace(ModuleDescriptor.of(standIn, ModuleDescriptor.Kind.MOCK)).ifPresent(notLoaded::add);
        }
        if (registry.modules().isEmpty()) {
            List<Source> sources = settings.sources();
            String where = sources.isEmpty() ? "No modules were given: neither withModules(...) nor discoverModules() was called."
                    : "Module discovery found no provider of com.bento.Module (looked in "
                    + sources.stream().map(Source::description).toList() + ").";
            throw new ModuleResolutionException(Reason.NO_MODULES, List.of(), where + " Likely causes:\n"
                    + "- a module's module-info.java lacks 'provides com.bento.Module with <your module class>;'\n"
                    + "- the module's jar is not on the module path (--module-path) or class path\n"
                    + "- on the class path, the jar lacks META-INF/services/com.bento.Module naming the class\n"
                    + "- the application module does not resolve the module jars: launch with --add-modules ALL-MODULE-PATH");
        }
        if (discovered == 0 && !settings.sources().isEmpty()) {
            System.getLogger(Discovery.class.getName()).log(System.Logger.Level.WARNING,
                    "Module discovery found no provider of com.bento.Module; running only the modules given explicitly");
        }
        return new Modules(registry.resolveDescriptors(), notLoaded);
    }

    /** Providers of an SPI from the discovery sources, or the context class loader when there are none. */
    static <T> List<T> providers(RuntimeSettings settings, Class<T> type) {
        List<Source> from = settings.sources().isEmpty() ? List.of(contextSource()) : settings.sources();
        List<T> found = new ArrayList<>();
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Source s : from) {
            for (T p : load(s, type, seen)) {
                seen.add(p.getClass());
                found.add(p);
            }
        }
        return found;
    }

    /** Where {@link RuntimeBuilder#discoverModules()} looks: the thread's context class loader, else this module's. */
    static Source classLoaderSource(ClassLoader loader) {
        return new Source("class loader " + loader, type -> ServiceLoader.load(type, loader));
    }

    static Source contextSource() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return classLoaderSource(tccl != null ? tccl : Discovery.class.getClassLoader());
    }

    static Source layerSource(ModuleLayer layer) {
        return new Source("module layer " + layer, type -> ServiceLoader.load(layer, type));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> load(Source source, Class<T> type, Set<Class<?>> skip) {
        return Providers.load((ServiceLoader<T>) source.loader().apply(type), type, skip);
    }
}
