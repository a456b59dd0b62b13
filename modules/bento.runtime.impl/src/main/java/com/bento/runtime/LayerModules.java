package com.bento.runtime;

import com.bento.ConfigurationException;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.spi.Phase;
import com.bento.spi.Providers;
import java.lang.System.Logger.Level;
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
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link DynamicModules} on JPMS module layers: one layer per {@link #load}, whose parents are
 * Bento's own layer and the layers of earlier loads. Every operation holds the runtime's
 * lifecycle lock, so it never interleaves with a start or a close.
 */
final class LayerModules implements DynamicModules {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());

    /** One call to load: its layer, where it came from, and the earlier loads its JPMS modules read. */
    private static final class Load {
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
    private record Loaded(ModuleDescriptor descriptor, Load load) {
        String name() {
            return descriptor.name();
        }
    }

    private final Object lock;
    private final BooleanSupplier started;
    private final RuntimeSettings settings;
    private final List<String> baseNames;
    private final DefaultContainer container;
    private final ThreadLocal<@Nullable String> currentModule;
    private final HookRunner hooks;
    private final GatesPhase gates;
    private final Listeners listeners;
    private final List<Listener> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** In start order: every module comes after those it requires and the loads it reads. */
    private final List<Loaded> loaded = new ArrayList<>();

    LayerModules(Object lock, BooleanSupplier started, RuntimeSettings settings, List<String> baseNames,
                 DefaultContainer container, ThreadLocal<@Nullable String> currentModule, HookRunner hooks,
                 GatesPhase gates, Listeners listeners) {
        this.lock = lock;
        this.started = started;
        this.settings = settings;
        this.baseNames = List.copyOf(baseNames);
        this.container = container;
        this.currentModule = currentModule;
        this.hooks = hooks;
        this.gates = gates;
        this.listeners = listeners;
    }

    @Override
    public List<ModuleDescriptor> load(Path... jarsOrDirs) {
        synchronized (lock) {
            requireStarted("load modules");
            java.time.Instant began = java.time.Instant.now();
            List<String> sources = jarsOrDirs == null ? List.of()
                    : Arrays.stream(jarsOrDirs).map(String::valueOf).toList();
            List<String> names = new ArrayList<>();
            try {
                List<ModuleDescriptor> ordered = loadNow(jarsOrDirs, names);
                listeners.modulesLoaded(List.copyOf(names), sources, began, null);
                return ordered;
            } catch (RuntimeException | Error failure) {
                listeners.modulesLoaded(List.copyOf(names), sources, began, failure);
                throw failure;
            }
        }
    }

    private List<ModuleDescriptor> loadNow(Path @Nullable [] jarsOrDirs, List<String> names) {
        List<Path> paths = checkPaths(jarsOrDirs);
        Load load = defineLayer(paths);
        List<ModuleDescriptor> ordered = check(discover(load, paths));
        ordered.forEach(d -> names.add(d.name()));
        List<String> all = new ArrayList<>(runningNames());
        all.addAll(names);
        gates.checkAdded(all, ordered);
        List<Listener> accepted = new ArrayList<>();
        try {
            for (Listener h : hosts) {
                h.beforeLoad(ordered);
                accepted.add(h);
            }
        } catch (RuntimeException | Error refused) {
            accepted.forEach(h -> tell(h, () -> h.loadFailed(ordered)));
            throw refused;
        }
        List<Loaded> entries = ordered.stream().map(d -> new Loaded(d, load)).toList();
        try {
            start(entries, paths);
        } catch (RuntimeException | Error failure) {
            hosts.forEach(h -> tell(h, () -> h.loadFailed(ordered)));
            throw failure;
        }
        loaded.addAll(entries);
        hosts.forEach(h -> tell(h, () -> h.loaded(ordered)));
        LOG.log(Level.INFO, () -> "Loaded module(s) " + names(entries) + " from " + paths + " into '"
                + settings.serviceName() + "'");
        return ordered;
    }

    @Override
    public void addListener(Listener listener) {
        hosts.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Tells a host something it cannot refuse; its failure is logged, and the runtime goes on. */
    private static void tell(Listener host, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dynamic-modules listener " + host.getClass().getName() + " failed; the runtime"
                    + " goes on without it", e);
        }
    }

    @Override
    public List<String> unload(String name, boolean cascade) {
        synchronized (lock) {
            requireStarted("unload module '" + name + "'");
            Loaded target = find(name);
            List<Loaded> closure = dependentsAndSelf(target);
            if (!cascade && closure.size() > 1) {
                List<String> users = names(closure.subList(0, closure.size() - 1));
                throw new ModuleResolutionException(Reason.IN_USE, users, "Module '" + name + "' cannot be unloaded:"
                        + " loaded module(s) " + users + " require it (by @Requires, or their JPMS modules read its"
                        + " layer). Unload them first, or call unload(\"" + name + "\", true) to stop them before it,"
                        + " the last loaded first.");
            }
            List<String> stopped = new ArrayList<>();
            throwFirst(remove(closure, stopped, false));
            return stopped;
        }
    }

    @Override
    public List<ModuleDescriptor> reload(String name, Path... jarsOrDirs) {
        synchronized (lock) {
            requireStarted("reload module '" + name + "'");
            List<Path> paths = checkPaths(jarsOrDirs);
            Loaded target = find(name);
            List<Loaded> closure = dependentsAndSelf(target);
            if (closure.size() > 1) {
                List<String> users = names(closure.subList(0, closure.size() - 1));
                throw new ModuleResolutionException(Reason.IN_USE, users, "Module '" + name + "' cannot be reloaded"
                        + " while loaded module(s) " + users + " require it: they link to its classes. Call unload(\""
                        + name + "\", true), then load it and them again.");
            }
            List<String> siblings = loaded.stream().filter(l -> l.load == target.load && l != target).map(Loaded::name).toList();
            if (!siblings.isEmpty()) {
                throw new ConfigurationException("Module '" + name + "' was loaded together with " + siblings + " from "
                        + target.load.paths + ", in one module layer, and a layer is replaced as a whole. Unload "
                        + siblings + " and '" + name + "', then load the new version; or load each module from its"
                        + " own jar to reload them one by one.");
            }
            try {
                return replace(name, target, paths);
            } finally {
                boolean running = loaded.stream().anyMatch(l -> l.name().equals(name));
                hosts.forEach(h -> tell(h, () -> h.reloadEnded(name, running)));
            }
        }
    }

    private List<ModuleDescriptor> replace(String name, Loaded target, List<Path> paths) {
        List<Throwable> stopFailures = remove(List.of(target), new ArrayList<>(), true);
        List<ModuleDescriptor> now;
        try {
            now = load(paths.toArray(Path[]::new));
        } catch (RuntimeException | Error failure) {
            restore(name, target.load.paths, failure);
            stopFailures.forEach(failure::addSuppressed);
            throw failure;
        }
        if (now.stream().noneMatch(d -> d.name().equals(name))) {
            List<String> got = now.stream().map(ModuleDescriptor::name).toList();
            ModuleResolutionException failure = new ModuleResolutionException(Reason.LOAD_FAILED, got, "Reloading"
                    + " module '" + name + "': " + paths + " hold module(s) " + got + " but none named '" + name
                    + "'; they were unloaded and the previous version of '" + name + "' (from " + target.load.paths
                    + ") was loaded again. Give the jar of the new version of '" + name + "'.");
            List<Loaded> wrong = loaded.stream().filter(l -> got.contains(l.name())).toList();
            remove(wrong, new ArrayList<>(), false).forEach(failure::addSuppressed);
            restore(name, target.load.paths, failure);
            throw failure;
        }
        throwFirst(stopFailures);
        return now;
    }

    @Override
    public List<ModuleDescriptor> loaded() {
        synchronized (lock) {
            return loaded.stream().map(Loaded::descriptor).toList();
        }
    }

    /** The requirements of a loaded module, for ports' messages. */
    Optional<List<String>> requiresOf(String name) {
        synchronized (lock) {
            return loaded.stream().filter(l -> l.name().equals(name)).findFirst().map(l -> l.descriptor.requires());
        }
    }

    /**
     * Unloads every loaded module, the last loaded first, before the runtime stops its own; called by
     * the runtime's close under its lock.
     *
     * @return the failures, in the order they happened
     */
    List<Throwable> unloadAll() {
        if (loaded.isEmpty()) {
            return List.of();
        }
        return remove(List.copyOf(loaded), new ArrayList<>(), false);
    }

    private void restore(String name, List<Path> oldPaths, Throwable failure) {
        try {
            load(oldPaths.toArray(Path[]::new));
            LOG.log(Level.WARNING, "Reloading module '" + name + "' failed; its previous version (from " + oldPaths
                    + ") was loaded again: " + failure);
        } catch (RuntimeException | Error again) {
            failure.addSuppressed(again);
            LOG.log(Level.ERROR, "Reloading module '" + name + "' failed, and loading its previous version (from "
                    + oldPaths + ") failed too; '" + name + "' is not running: " + failure);
        }
    }

    private void requireStarted(String what) {
        if (!started.getAsBoolean()) {
            throw new IllegalStateException("Cannot " + what + " in runtime '" + settings.serviceName()
                    + "': it is not started. Modules are loaded and unloaded between start() and close().");
        }
    }

    private static List<Path> checkPaths(Path @Nullable [] jarsOrDirs) {
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
    private Load defineLayer(List<Path> paths) {
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
        List<Load> live = liveLoads();
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

    private static List<ModuleDescriptor> discover(Load load, List<Path> paths) {
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
    private List<ModuleDescriptor> check(List<ModuleDescriptor> added) {
        Set<String> running = new LinkedHashSet<>(runningNames());
        Set<String> addedNames = new LinkedHashSet<>();
        added.forEach(d -> addedNames.add(d.name()));
        for (ModuleDescriptor d : added) {
            if (running.contains(d.name())) {
                throw new ModuleResolutionException(Reason.DUPLICATE_NAME, List.of(d.name()), "A module named '"
                        + d.name() + "' is already running in '" + settings.serviceName() + "', and " + d.origin()
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
            if (d.requiresDatabase()) {
                throw new ConfigurationException("Module '" + d.name() + "' (" + d.origin() + ") requires the database,"
                        + " and modules that need it cannot be loaded at run time yet: their migrations run in the"
                        + " database phase of a start. Start it with the runtime (withModules or discoverModules).");
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

    /** Registers, then starts, the modules of one load; on a failure undoes exactly that. */
    private void start(List<Loaded> entries, List<Path> paths) {
        Set<String> names = new LinkedHashSet<>(names(entries));
        List<Loaded> startedHere = new ArrayList<>();
        Loaded failedAt = null;
        Phase failedIn = null;
        Throwable cause = null;
        for (Loaded e : entries) {
            HookRunner.Result r = run(Phase.REGISTER, e, () -> e.descriptor.module().onRegister(container));
            if (!r.ok()) {
                failedAt = e;
                failedIn = Phase.REGISTER;
                cause = r.failure();
                break;
            }
        }
        if (cause == null) {
            for (Loaded e : entries) {
                HookRunner.Result r = run(Phase.STARTUP, e, () -> e.descriptor.module().onStartup(container));
                if (!r.ok()) {
                    failedAt = e;
                    failedIn = Phase.STARTUP;
                    cause = r.failure();
                    break;
                }
                startedHere.add(e);
            }
        }
        if (cause == null) {
            return;
        }
        List<String> stopped = new ArrayList<>();
        List<Throwable> cleanup = new ArrayList<>();
        for (int i = startedHere.size() - 1; i >= 0; i--) {
            Loaded e = startedHere.get(i);
            HookRunner.Result r = run(Phase.SHUTDOWN, e, () -> e.descriptor.module().onShutdown(container));
            stopped.add(e.name());
            if (!r.ok()) {
                cleanup.add(failure(Phase.SHUTDOWN, e, r.failure(), "The rollback went on."));
            }
        }
        cleanup.addAll(container.removeOwnedBy(names));
        cleanup.forEach(Failures::rethrowIfUnrecoverable);
        Failures.rethrowIfUnrecoverable(cause);
        Throwable failure = failure(failedIn, failedAt, cause, "The load of " + names + " from " + paths + " was undone:"
                + (stopped.isEmpty() ? "" : " the modules it had started were stopped in reverse order (" + String.join(", ",
                stopped) + "),") + " what they registered was removed, and the running modules are untouched.");
        cleanup.forEach(failure::addSuppressed);
        throw Failures.sneaky(failure);
    }

    /** Stops the given loaded modules, last loaded first, removes their services and forgets them. */
    private List<Throwable> remove(List<Loaded> toRemove, List<String> stopped, boolean replacing) {
        java.time.Instant began = java.time.Instant.now();
        List<Throwable> failures = new ArrayList<>();
        List<Loaded> inOrder = loaded.stream().filter(toRemove::contains).toList();
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            Loaded e = inOrder.get(i);
            hosts.forEach(h -> tell(h, () -> h.beforeUnload(e.name(), replacing)));
            HookRunner.Result r = run(Phase.SHUTDOWN, e, () -> e.descriptor.module().onShutdown(container));
            stopped.add(e.name());
            if (!r.ok()) {
                failures.add(failure(Phase.SHUTDOWN, e, r.failure(), "It was unloaded all the same."));
            }
        }
        failures.forEach(Failures::rethrowIfUnrecoverable);
        failures.addAll(container.removeOwnedBy(new LinkedHashSet<>(stopped)));
        loaded.removeAll(inOrder);
        for (String name : stopped) {
            hosts.forEach(h -> tell(h, () -> h.unloaded(name)));
        }
        LOG.log(Level.INFO, () -> "Unloaded module(s) " + stopped + " from '" + settings.serviceName() + "'");
        listeners.modulesUnloaded(List.copyOf(stopped), began, failures.isEmpty() ? null : failures.get(0));
        return failures;
    }

    /** The loaded modules that need {@code target} (transitively), then {@code target} itself, in load order. */
    private List<Loaded> dependentsAndSelf(Loaded target) {
        Set<Loaded> closure = new LinkedHashSet<>();
        closure.add(target);
        boolean grew = true;
        while (grew) {
            grew = false;
            Set<String> names = new java.util.HashSet<>(names(List.copyOf(closure)));
            for (Loaded l : loaded) {
                if (closure.contains(l)) {
                    continue;
                }
                boolean requires = l.descriptor.requires().stream().anyMatch(names::contains);
                boolean readsGoingLayer = l.load.reads.stream().anyMatch(read -> loaded.stream()
                        .filter(o -> o.load == read).allMatch(closure::contains));
                if (requires || readsGoingLayer) {
                    closure.add(l);
                    grew = true;
                }
            }
        }
        List<Loaded> out = new ArrayList<>(loaded.stream().filter(l -> closure.contains(l) && l != target).toList());
        out.add(target);
        return out;
    }

    private Loaded find(String name) {
        for (Loaded l : loaded) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        if (baseNames.contains(name)) {
            throw new IllegalArgumentException("Module '" + name + "' was started with runtime '" + settings.serviceName()
                    + "' and stays until it closes; only modules loaded with dynamicModules().load(...) can be"
                    + " unloaded or reloaded.");
        }
        throw new IllegalArgumentException("No module named '" + name + "' is loaded in '" + settings.serviceName()
                + "'; loaded: " + names(loaded) + ".");
    }

    private List<Load> liveLoads() {
        List<Load> out = new ArrayList<>();
        for (Loaded l : loaded) {
            if (!out.contains(l.load)) {
                out.add(l.load);
            }
        }
        return out;
    }

    private List<String> runningNames() {
        List<String> out = new ArrayList<>(baseNames);
        loaded.forEach(l -> out.add(l.name()));
        return out;
    }

    /** Runs one hook of a loaded module on the hook thread, naming the module and with its loader as context. */
    private HookRunner.Result run(Phase phase, Loaded e, HookRunner.Hook body) {
        String label = "on" + ModuleHooks.capitalize(phase.label()) + " of module '" + e.name() + "'";
        ClassLoader loader = e.descriptor.providerType().getClassLoader();
        return hooks.run(label, () -> {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            currentModule.set(e.name());
            thread.setContextClassLoader(loader);
            try {
                body.run();
            } finally {
                thread.setContextClassLoader(before);
                currentModule.remove();
            }
        }, settings.hookTimeout());
    }

    private static Throwable failure(Phase phase, Loaded e, @Nullable Throwable cause, String aftermath) {
        if (cause instanceof Error) {
            return cause;
        }
        String hook = "on" + ModuleHooks.capitalize(phase.label());
        return new LifecycleException(phase.label(), e.name(), "Module '" + e.name() + "' (loaded from " + e.load.paths
                + ") failed in " + hook + ": " + cause + ". " + aftermath + " Fix the cause in "
                + e.descriptor.providerType().getName() + "." + hook + ".", cause);
    }

    private static void throwFirst(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw Failures.sneaky(first);
    }

    private static List<String> names(List<Loaded> list) {
        return list.stream().map(Loaded::name).toList();
    }
}
