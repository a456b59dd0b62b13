package com.bento.runtime;

import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The registry: descriptors by unique name, and their start order from {@link ModuleResolver},
 * cached until the registry changes.
 */
final class DefaultModuleRegistry implements ModuleRegistry {

    private final Object lock = new Object();
    private final LinkedHashMap<String, ModuleDescriptor> modules = new LinkedHashMap<>();
    private @Nullable List<ModuleDescriptor> cachedOrder;
    private @Nullable List<Module> cachedModules;

    @Override
    public void register(Module module) {
        register(ModuleDescriptor.of(module, ModuleDescriptor.Kind.GIVEN));
    }

    @Override
    public void register(Module module, List<String> requires) {
        register(ModuleDescriptor.of(module, ModuleDescriptor.Kind.GIVEN).withRequires(requires));
    }

    @Override
    public void register(ModuleDescriptor d) {
        synchronized (lock) {
            ModuleDescriptor existing = modules.get(d.name());
            if (existing != null) {
                throw new ModuleResolutionException(Reason.DUPLICATE_NAME, List.of(d.name()), "Two modules are named '"
                        + d.name() + "': " + existing.origin() + " and " + d.origin()
                        + ". Module names must be unique: remove one of them from the module path or class path,"
                        + " or give one another name by overriding name().");
            }
            modules.put(d.name(), d);
            cachedOrder = null;
            cachedModules = null;
        }
    }

    @Override
    public Optional<Module> replace(Module module) {
        return replace(ModuleDescriptor.of(module, ModuleDescriptor.Kind.GIVEN)).map(ModuleDescriptor::module);
    }

    @Override
    public Optional<ModuleDescriptor> replace(ModuleDescriptor d) {
        synchronized (lock) {
            ModuleDescriptor previous = modules.put(d.name(), d);
            cachedOrder = null;
            cachedModules = null;
            return Optional.ofNullable(previous);
        }
    }

    @Override
    public Optional<Module> find(String name) {
        synchronized (lock) {
            return Optional.ofNullable(modules.get(name)).map(ModuleDescriptor::module);
        }
    }

    @Override
    public List<Module> modules() {
        synchronized (lock) {
            return modules.values().stream().map(ModuleDescriptor::module).toList();
        }
    }

    @Override
    public List<String> requiresOf(Module module) {
        synchronized (lock) {
            for (ModuleDescriptor d : modules.values()) {
                if (d.module() == module) {
                    return d.requires();
                }
            }
        }
        return ModuleDescriptor.of(module, ModuleDescriptor.Kind.GIVEN).requires();
    }

    @Override
    public List<Module> resolveOrder() {
        synchronized (lock) {
            if (cachedModules == null) {
                cachedModules = resolveDescriptors().stream().map(ModuleDescriptor::module).toList();
            }
            return cachedModules;
        }
    }

    @Override
    public List<ModuleDescriptor> resolveDescriptors() {
        synchronized (lock) {
            if (cachedOrder == null) {
                cachedOrder = Collections.unmodifiableList(ModuleResolver.resolve(new ArrayList<>(modules.values())));
            }
            return cachedOrder;
        }
    }
}
