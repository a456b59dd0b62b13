package com.bento.runtime;

import com.bento.LifecycleException;
import com.bento.spi.Phase;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs the modules' hooks: register one at a time, start and stop along the dependency graph (at
 * most {@code parallelism} at once), each under the hook timeout, on hook threads that know which
 * module they run for, and reports each hook to the listeners.
 */
final class ModuleHooks {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());

    private final String serviceName;
    private final List<ModuleRecord> records;
    private final DefaultContainer container;
    private final ThreadLocal<@Nullable String> currentModule;
    private final Listeners listeners;
    private final HookRunner hooks;
    private final Duration hookTimeout;
    private final int parallelism;
    private final long buildBegin;

    ModuleHooks(RuntimeSettings settings, List<ModuleRecord> records, DefaultContainer container,
                ThreadLocal<@Nullable String> currentModule, Listeners listeners, HookRunner hooks, long buildBegin) {
        this.serviceName = settings.serviceName();
        this.records = records;
        this.container = container;
        this.currentModule = currentModule;
        this.listeners = listeners;
        this.hooks = hooks;
        this.hookTimeout = settings.hookTimeout();
        this.parallelism = settings.parallelism();
        this.buildBegin = buildBegin;
    }

    /**
     * Runs a hook of each module as the dependency graph allows: starting, a module waits for the
     * modules it requires; stopping, for the started modules that require it. At most
     * {@link #parallelism} at once, each under the hook timeout. {@code finished} is called on this
     * thread, one module at a time, as each hook ends.
     */
    void runGraph(Phase phase, List<ModuleRecord> nodes, boolean starting,
                          java.util.function.BiConsumer<ModuleRecord, HookRunner.Result> finished) {
        Map<ModuleRecord, Integer> at = new java.util.IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            at.put(nodes.get(i), i);
        }
        int[][] waitsFor = new int[nodes.size()][];
        List<List<Integer>> dependents = new ArrayList<>();
        nodes.forEach(n -> dependents.add(new ArrayList<>()));
        for (int i = 0; i < nodes.size(); i++) {
            for (int required : nodes.get(i).requiresAt) {
                Integer j = at.get(records.get(required));
                if (j != null) {
                    dependents.get(j).add(i);
                }
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            ModuleRecord r = nodes.get(i);
            waitsFor[i] = starting
                    ? java.util.Arrays.stream(r.requiresAt).mapToObj(k -> at.get(records.get(k)))
                    .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray()
                    : dependents.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        String hook = "on" + capitalize(phase.label());
        List<HookGraph.Body> bodies = nodes.stream().<HookGraph.Body>map(r -> () -> {
            currentModule.set(r.name);
            try {
                if (starting) {
                    r.module.onStartup(container);
                } else {
                    r.module.onShutdown(container);
                }
            } finally {
                currentModule.remove();
            }
        }).toList();
        List<String> labels = nodes.stream().map(r -> hook + " of module '" + r.name + "'").toList();
        java.util.Comparator<Integer> priority = starting ? java.util.Comparator.naturalOrder()
                : java.util.Comparator.reverseOrder();
        HookGraph.run(bodies, waitsFor, priority, labels, parallelism, hookTimeout, starting, "bento-" + phase.label()
                + "-" + serviceName, new HookGraph.Observer() {
                    @Override
                    public void started(int node) {
                        listeners.moduleStarted(phase, nodes.get(node).name);
                    }

                    @Override
                    public void finished(int node, HookGraph.Outcome outcome) {
                        ModuleRecord r = nodes.get(node);
                        if (starting) {
                            r.startupOffset = outcome.begin() - buildBegin;
                        }
                        if (outcome.timedOut()) {
                            LOG.log(Level.WARNING, "Module '" + r.name + "': " + hook + " did not finish within "
                                    + hookTimeout + " and was abandoned; the other modules proceed. Make the hook return"
                                    + " sooner, or raise the limit with withHookTimeout(...)");
                        }
                        listeners.moduleFinished(phase, r.name, outcome.failure());
                        finished.accept(r, outcome.asResult());
                    }
                });
    }

    /**
     * Runs every module's onRegister in start order, one at a time; the first failure marks that
     * module failed and is thrown (the caller closes what earlier modules registered).
     */
    void registerAll() {
        for (ModuleRecord r : records) {
            HookRunner.Result result = runHook(Phase.REGISTER, r, () -> r.module.onRegister(container));
            r.registerNanos = result.nanos();
            if (result.ok()) {
                r.state = ModuleState.REGISTERED;
            } else {
                // a registration cut short leaves services missing that later modules would ask for
                r.state = ModuleState.FAILED;
                throw Failures.sneaky(hookFailure(Phase.REGISTER, r, result.failure(), "What earlier modules registered is closed."));
            }
        }
    }

    private HookRunner.Result runHook(Phase phase, ModuleRecord r, HookRunner.Hook body) {
        if (phase == Phase.REGISTER) {
            r.registerOffset = System.nanoTime() - buildBegin;
        }
        listeners.moduleStarted(phase, r.name);
        HookRunner.Hook named = () -> {
            currentModule.set(r.name);
            try {
                body.run();
            } finally {
                currentModule.remove();
            }
        };
        HookRunner.Result result = hooks.run("on" + capitalize(phase.label()) + " of module '" + r.name + "'", named, hookTimeout);
        if (result.timedOut() && phase != Phase.REGISTER) {
            LOG.log(Level.WARNING, "Module '" + r.name + "': on" + capitalize(phase.label()) + " did not finish within "
                    + hookTimeout + " and was abandoned; the other modules proceed. Make the hook return sooner,"
                    + " or raise the limit with withHookTimeout(...)");
        }
        listeners.moduleFinished(phase, r.name, result.failure());
        return result;
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The failure to throw for a hook: Errors as they are, anything else wrapped with the module and phase. */
    static Throwable hookFailure(Phase phase, ModuleRecord r, @Nullable Throwable cause, String aftermath) {
        if (cause instanceof Error) {
            return cause;
        }
        String hook = "on" + capitalize(phase.label());
        return new LifecycleException(phase.label(), r.name, "Module '" + r.name + "' failed in " + hook + " ("
                + phase.label() + " phase): " + cause + ". " + aftermath + " Fix the cause in "
                + r.module.getClass().getName() + "." + hook + ".", cause);
    }
}
