package com.bento.runtime;

import com.bento.ConfigurationException;
import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.spi.Providers;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a load reads before anything runs: the paths, a JPMS layer for their modules (parents: Bento's
 * own layer and the layers of earlier loads), its providers of {@code com.bento.Module}, and their
 * names and requirements against the running modules. Nothing here changes the runtime.
 */
final class LayerLoader {
    private LayerLoader() {
    }

    /** One call to load: its layer, where it came from, and the earlier loads its JPMS modules read. */
    static final class Load {
        final ModuleLayer layer;
        final List<Path> paths;
        final Set<Load> reads;

        Load(ModuleLayer layer, List<Path> paths, Set<Load> reads) {
            this.layer = layer;
            this.paths = paths;
            this.reads = reads;
        }
    }

    /** A module loaded here and the load it came with. */
    record Loaded(ModuleDescriptor descriptor, Load load) {
        String name() {
            return descriptor.name();
        }
    }

    static List<Path> checkPaths(Path @Nullable [] jarsOrDirs) {
        if (jarsOrDirs == null || jarsOrDirs.length == 0) {
            throw new IllegalArgumentException("No path given: give the modular jar(s), exploded module folder(s) or"
                    + " folder(s) of modular jars holding the modules to load.");
        }
        List<Path> paths = new ArrayList<>();
        for (Path p : jarsOrDirs) {
            if (p == null) {
                throw new IllegalArgumentException("A path to load is null: " + Arrays.toString(jarsOrDirs));
            }
            if (!Files.exists(p)) {
                throw new ConfigurationException("Cannot load modules from '" + p + "': no such file or folder. Give a"
                        + " modular jar, an exploded module folder or a folder of modular jars.");
            }
            paths.add(p.toAbsolutePath().normalize());
        }
        return List.copyOf(paths);
    }

    /** Resolves the paths' JPMS modules against Bento's layer and the loads', and defines them in a new layer. */
    static Load defineLayer(List<Path> paths, List<Load> live) {
        ModuleLayer bento = Module.class.getModule().getLayer();
        if (bento == null) {
            throw new ConfigurationException("Loading modules at run time needs Bento on the module path, and"
                    + " bento.runtime.api was loaded from the class path, where there is no module layer for the new"
                    + " modules to resolve against. Launch with --module-path (as Bento's launcher and jlink image do).");
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        Set<ModuleReference> found;
        try {
            found = finder.findAll();
        } catch (FindException e) {
            throw new ModuleResolutionException(Reason.LOAD_FAILED, List.of(), "Cannot read the JPMS modules in "
                    + paths + ": " + e.getMessage() + ". Give modular jars (with module-info.class) or exploded"
                    + " module folders.", e);
        }
        if (found.isEmpty()) {
            throw new ConfigurationException("No JPMS module was found in " + paths + ". Give a modular jar, an exploded"
                    + " module folder (with module-info.class at its root) or a folder of such jars.");
        }
        List<ModuleLayer> parents = new ArrayList<>();
        parents.add(bento);
        live.forEach(l -> parents.add(l.layer));
        Set<String> roots = new TreeSet<>();
        for (ModuleReference ref : found) {
            String jpms = ref.descriptor().name();
            for (ModuleLayer parent : parents) {
                if (parent.findModule(jpms).isPresent()) {
                    throw new ModuleResolutionException(Reason.DUPLICATE_NAME, List.of(jpms), "JPMS module '" + jpms
                            + "' (" + ref.location().map(Object::toString).orElse("?") + ") is already running, in "
                            + (parent == bento ? "the application's layer" : "a layer loaded from "
                            + live.get(parents.indexOf(parent) - 1).paths) + "; loading it again would give the new"
                            + " modules a second copy of its classes. Leave it out of the paths given to load.");
                }
            }
            roots.add(jpms);
        }
        Configuration cf;
        try {
            cf = Configuration.resolve(finder, parents.stream().map(ModuleLayer::configuration).toList(),
                    ModuleFinder.of(), roots);
        } catch (FindException | ResolutionException e) {
            throw new ModuleResolutionException(Reason.LOAD_FAILED, List.copyOf(roots), "Cannot resolve JPMS module(s) "
                    + roots + " from " + paths + " against the running application: " + e.getMessage() + ". Put the"
                    + " modules they require in the paths too, or load them first.", e);
        }
        ModuleLayer layer;
        try {
            layer = ModuleLayer.defineModulesWithOneLoader(cf, parents, Module.class.getClassLoader()).layer();
        } catch (LayerInstantiationException | SecurityException e) {
            throw new ModuleResolutionException(Reason.LOAD_FAILED, List.copyOf(roots), "Cannot define JPMS module(s) "
                    + roots + " from " + paths + ": " + e.getMessage() + ". A package may be in two modules; each"
                    + " package must belong to one module.", e);
        }
        Set<Load> reads = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ResolvedModule m : cf.modules()) {
            for (ResolvedModule read : m.reads()) {
                for (Load l : live) {
                    if (read.configuration() == l.layer.configuration()) {
                        reads.add(l);
                    }
                }
            }
        }
        return new Load(layer, paths, reads);
    }

    static List<ModuleDescriptor> discover(Load load, List<Path> paths) {
        ModuleLayer layer = load.layer;
        List<Module> found = Providers.load(ServiceLoader.load(layer, Module.class), Module.class,
                type -> type.getModule().getLayer() == layer);
        if (found.isEmpty()) {
            throw new ConfigurationException("The JPMS module(s) " + layer.modules().stream().map(java.lang.Module::getName)
                    .sorted().toList() + " in " + paths + " provide no com.bento.Module. Add 'provides com.bento.Module"
                    + " with <your module class>;' to the module's module-info.java.");
        }
        return found.stream().map(m -> ModuleDescriptor.of(m, ModuleDescriptor.Kind.LOADED)).toList();
    }

    /** Names, requirements and the database against what runs; the new modules in start order. */
    static List<ModuleDescriptor> check(List<ModuleDescriptor> added, List<String> runningNames, String serviceName,
                                        @Nullable String databaseUnavailable) {
        Set<String> running = new LinkedHashSet<>(runningNames);
        Set<String> addedNames = new LinkedHashSet<>();
        added.forEach(d -> addedNames.add(d.name()));
        for (ModuleDescriptor d : added) {
            if (running.contains(d.name())) {
                throw new ModuleResolutionException(Reason.DUPLICATE_NAME, List.of(d.name()), "A module named '"
                        + d.name() + "' is already running in '" + serviceName + "', and " + d.origin()
                        + " has the same name. Unload it first, or replace it with reload(\"" + d.name() + "\", path).");
            }
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (ModuleDescriptor d : added) {
            List<String> absent = d.requires().stream().filter(r -> !running.contains(r) && !addedNames.contains(r)).toList();
            if (!absent.isEmpty()) {
                missing.put(d.name(), absent);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder message = new StringBuilder("Cannot load ").append(addedNames).append(": ");
            missing.forEach((n, absent) -> message.append("module '").append(n).append("' requires ").append(absent)
                    .append(", which ").append(absent.size() == 1 ? "is" : "are").append(" neither running nor in the"
                            + " paths; "));
            message.append("running: ").append(running).append(". Load the missing module(s) first or with them, or"
                    + " remove them from @Requires.");
            throw new ModuleResolutionException(Reason.MISSING_DEPENDENCY, List.copyOf(missing.keySet()), message.toString());
        }
        for (ModuleDescriptor d : added) {
            if (d.requiresDatabase() && databaseUnavailable != null) {
                throw new ConfigurationException("Module '" + d.name() + "' (" + d.origin() + ") requires the database, and "
                        + databaseUnavailable);
            }
        }
        // order among themselves; what they require of the running modules is there already
        ModuleRegistry registry = ModuleRegistry.create();
        Map<String, ModuleDescriptor> byName = new LinkedHashMap<>();
        for (ModuleDescriptor d : added) {
            registry.register(d.withRequires(d.requires().stream().filter(addedNames::contains).toList()));
            byName.put(d.name(), d);
        }
        return registry.resolveDescriptors().stream().map(d -> byName.get(d.name())).toList();
    }
}
