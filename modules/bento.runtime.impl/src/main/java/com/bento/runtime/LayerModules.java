package com.bento.runtime;

import com.bento.ConfigurationException;
import com.bento.runtime.LayerLoader.Load;
import com.bento.runtime.LayerLoader.Loaded;
import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link DynamicModules} on JPMS module layers: one layer per {@link #load}, whose parents are
 * Bento's own layer and the layers of earlier loads. Every operation holds the runtime's
 * lifecycle lock, so it never interleaves with a start or a close.
 */
final class LayerModules implements DynamicModules {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());

    private final Object lock;
    private final BooleanSupplier started;
    private final RuntimeSettings settings;
    private final List<String> baseNames;
    private final GatesPhase gates;
    private final Listeners listeners;
    private final LoadHooks loadHooks;
    private final LoadHooks.Migrator migrator;
    private final List<Listener> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** In start order: every module comes after those it requires and the loads it reads. */
    private final List<Loaded> loaded = new ArrayList<>();
    private final java.util.ArrayDeque<Event> history = new java.util.ArrayDeque<>();

    LayerModules(Object lock, BooleanSupplier started, RuntimeSettings settings, List<String> baseNames,
                 DefaultContainer container, ThreadLocal<@Nullable String> currentModule, HookRunner hooks,
                 GatesPhase gates, Listeners listeners, LoadHooks.Migrator migrator) {
        this.lock = lock;
        this.started = started;
        this.settings = settings;
        this.baseNames = List.copyOf(baseNames);
        this.gates = gates;
        this.listeners = listeners;
        this.migrator = migrator;
        this.loadHooks = new LoadHooks(container, currentModule, hooks, settings.hookTimeout(), migrator);
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
                remember("module.loaded", names, null);
                return ordered;
            } catch (RuntimeException | Error failure) {
                listeners.modulesLoaded(List.copyOf(names), sources, began, failure);
                remember("module.load_failed", names, failure);
                throw failure;
            }
        }
    }

    private List<ModuleDescriptor> loadNow(Path @Nullable [] jarsOrDirs, List<String> names) {
        List<Path> paths = LayerLoader.checkPaths(jarsOrDirs);
        Load load = LayerLoader.defineLayer(paths, liveLoads());
        List<ModuleDescriptor> ordered = LayerLoader.check(LayerLoader.discover(load, paths), runningNames(), settings.serviceName(),
                migrator.unavailable());
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
            loadHooks.start(entries, paths);
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
    public List<Event> history() {
        synchronized (lock) {
            return List.copyOf(history);
        }
    }

    private void remember(String type, List<String> modules, @Nullable Throwable failure) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(new Event(type, modules, java.time.Instant.now(),
                Optional.ofNullable(failure).map(f -> String.valueOf(f.getMessage()))));
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
            Failures.throwFirst(remove(closure, stopped, false));
            return stopped;
        }
    }

    @Override
    public List<ModuleDescriptor> reload(String name, Path... jarsOrDirs) {
        synchronized (lock) {
            requireStarted("reload module '" + name + "'");
            List<Path> paths = LayerLoader.checkPaths(jarsOrDirs);
            Loaded target = find(name);
            List<Loaded> closure = dependentsAndSelf(target);
            if (closure.size() > 1) {
                List<String> users = names(closure.subList(0, closure.size() - 1));
                throw new ModuleResolutionException(Reason.IN_USE, users, "Module '" + name + "' cannot be reloaded"
                        + " while loaded module(s) " + users + " require it: they link to its classes. Call unload(\""
                        + name + "\", true), then load it and them again.");
            }
            List<String> siblings = loaded.stream().filter(l -> l.load() == target.load() && l != target).map(Loaded::name).toList();
            if (!siblings.isEmpty()) {
                throw new ConfigurationException("Module '" + name + "' was loaded together with " + siblings + " from "
                        + target.load().paths + ", in one module layer, and a layer is replaced as a whole. Unload "
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
            restore(name, target.load().paths, failure);
            stopFailures.forEach(failure::addSuppressed);
            throw failure;
        }
        if (now.stream().noneMatch(d -> d.name().equals(name))) {
            List<String> got = now.stream().map(ModuleDescriptor::name).toList();
            ModuleResolutionException failure = new ModuleResolutionException(Reason.LOAD_FAILED, got, "Reloading"
                    + " module '" + name + "': " + paths + " hold module(s) " + got + " but none named '" + name
                    + "'; they were unloaded and the previous version of '" + name + "' (from " + target.load().paths
                    + ") was loaded again. Give the jar of the new version of '" + name + "'.");
            List<Loaded> wrong = loaded.stream().filter(l -> got.contains(l.name())).toList();
            remove(wrong, new ArrayList<>(), false).forEach(failure::addSuppressed);
            restore(name, target.load().paths, failure);
            throw failure;
        }
        Failures.throwFirst(stopFailures);
        return now;
    }

    @Override
    public List<ModuleDescriptor> loaded() {
        synchronized (lock) {
            return loaded.stream().map(Loaded::descriptor).toList();
        }
    }

    /** The loaded modules as running records, after the runtime's own in the graph. */
    List<ModuleRecord> records() {
        synchronized (lock) {
            return loaded.stream().map(l -> {
                ModuleRecord r = new ModuleRecord(l.descriptor());
                r.state = ModuleState.STARTED;
                return r;
            }).toList();
        }
    }

    /** The requirements of a loaded module, for ports' messages. */
    Optional<List<String>> requiresOf(String name) {
        synchronized (lock) {
            return loaded.stream().filter(l -> l.name().equals(name)).findFirst().map(l -> l.descriptor().requires());
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

    /** Stops the given loaded modules, last loaded first, removes their services and forgets them. */
    private List<Throwable> remove(List<Loaded> toRemove, List<String> stopped, boolean replacing) {
        java.time.Instant began = java.time.Instant.now();
        List<Loaded> inOrder = loaded.stream().filter(toRemove::contains).toList();
        List<Throwable> failures = loadHooks.takeDown(inOrder, inOrder, "It was unloaded all the same.",
                e -> hosts.forEach(h -> tell(h, () -> h.beforeUnload(e.name(), replacing))), stopped);
        loaded.removeAll(inOrder);
        for (String name : stopped) {
            hosts.forEach(h -> tell(h, () -> h.unloaded(name)));
        }
        LOG.log(Level.INFO, () -> "Unloaded module(s) " + stopped + " from '" + settings.serviceName() + "'");
        listeners.modulesUnloaded(List.copyOf(stopped), began, failures.isEmpty() ? null : failures.get(0));
        remember("module.unloaded", stopped, failures.isEmpty() ? null : failures.get(0));
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
                boolean requires = l.descriptor().requires().stream().anyMatch(names::contains);
                boolean readsGoingLayer = l.load().reads.stream().anyMatch(read -> loaded.stream()
                        .filter(o -> o.load() == read).allMatch(closure::contains));
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
            if (!out.contains(l.load())) {
                out.add(l.load());
            }
        }
        return out;
    }

    private List<String> runningNames() {
        List<String> out = new ArrayList<>(baseNames);
        loaded.forEach(l -> out.add(l.name()));
        return out;
    }

    private static List<String> names(List<Loaded> list) {
        return list.stream().map(Loaded::name).toList();
    }
}
