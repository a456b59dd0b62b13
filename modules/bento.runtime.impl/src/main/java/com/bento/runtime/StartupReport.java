package com.bento.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a start went: when each phase ran (offsets from the build's beginning) and, read from the
 * module records, the timeline of phases and hooks, the critical path, statuses and the graph.
 */
final class StartupReport {
    /** {@link System#nanoTime()} when the build began: the zero of every offset in the timeline. */
    private final long buildBegin;
    /** Phase name to {offset, nanos}; written by the lifecycle thread, read by any. */
    private final Map<String, long[]> phases = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long resolutionNanos;
    private volatile long buildNanos;

    StartupReport(long buildBegin) {
        this.buildBegin = buildBegin;
    }

    /** Records that module resolution, begun with the build, ended now. */
    void resolved() {
        resolutionNanos = System.nanoTime() - buildBegin;
    }

    /** Records that the build (resolution to database) ended now. */
    void built() {
        buildNanos = System.nanoTime() - buildBegin;
    }

    /** Records that a phase begun at {@code begin} ended now. */
    void phase(String name, long begin) {
        phases.put(name, new long[] {begin - buildBegin, System.nanoTime() - begin});
    }

    private Duration nanos(String phase) {
        long[] span = phases.get(phase);
        return Duration.ofNanos(span == null ? 0 : span[1]);
    }

    StartupMetrics metrics(List<ModuleRecord> records) {
        Map<String, Duration> reg = new LinkedHashMap<>();
        Map<String, Duration> start = new LinkedHashMap<>();
        for (ModuleRecord r : records) {
            reg.put(r.name, Duration.ofNanos(r.registerNanos));
            if (r.state == ModuleState.STARTED || r.state == ModuleState.STOPPED || r.startupNanos > 0) {
                start.put(r.name, Duration.ofNanos(r.startupNanos));
            }
        }
        return new StartupMetrics(Duration.ofNanos(buildNanos), Duration.ofNanos(resolutionNanos), nanos("gates"),
                nanos("register"), nanos("database"), nanos("startup"), reg, start,
                timeline(records, resolutionNanos, phases), criticalPath(records));
    }

    static List<ModuleStatus> statuses(List<ModuleRecord> records) {
        return records.stream().map(r -> new ModuleStatus(r.name, r.module.getClass().getName(), r.requires,
                r.descriptor.requiresDatabase(), r.state, Duration.ofNanos(r.registerNanos), Duration.ofNanos(r.startupNanos),
                r.descriptor.origin())).toList();
    }

    /** The graph as it runs: each module with the services it registered and the ports it provides. */
    static ModuleGraph graph(String serviceName, List<ModuleRecord> records, com.bento.Container container) {
        Map<String, List<ModuleGraph.Service>> services = new LinkedHashMap<>();
        for (com.bento.ServiceEntry e : container.entries()) {
            services.computeIfAbsent(e.owner(), k -> new ArrayList<>())
                    .add(new ModuleGraph.Service(e.name(), e.type().getName(), e.lifetime().name()));
        }
        Map<String, List<String>> ports = new LinkedHashMap<>();
        container.find(com.bento.Ports.KEY).ifPresent(p -> p.providers().forEach((port, module) ->
                ports.computeIfAbsent(module, k -> new ArrayList<>()).add(port.getName())));
        return new ModuleGraph(serviceName, records.stream().map(r -> ModuleGraph.declared(r.descriptor,
                r.state.name(), services.getOrDefault(r.name, List.of()), ports.getOrDefault(r.name, List.of()))).toList());
    }

    /** Every phase and module hook of the start that ran, with its offset from the build's beginning. */
    private static List<StartupMetrics.Step> timeline(List<ModuleRecord> records, long resolutionNanos, Map<String, long[]> phaseSpans) {
        List<StartupMetrics.Step> steps = new ArrayList<>();
        steps.add(new StartupMetrics.Step("resolution", "", Duration.ZERO, Duration.ofNanos(resolutionNanos)));
        for (String phase : List.of("gates", "register", "database", "startup")) {
            long[] span = phaseSpans.get(phase);
            if (span != null) {
                steps.add(new StartupMetrics.Step(phase, "", Duration.ofNanos(span[0]), Duration.ofNanos(span[1])));
            }
            for (ModuleRecord r : records) {
                long offset = phase.equals("register") ? r.registerOffset : phase.equals("startup") ? r.startupOffset : -1;
                if (offset >= 0) {
                    steps.add(new StartupMetrics.Step(phase, r.name, Duration.ofNanos(offset), Duration.ofNanos(
                            phase.equals("register") ? r.registerNanos : r.startupNanos)));
                }
            }
        }
        return steps;
    }

    /**
     * The chain of onStartup hooks that decided how long the startup phase took: the hook that ended
     * last, the hook it required that ended last, and so on back to a module that required none.
     */
    static List<String> criticalPath(List<ModuleRecord> records) {
        ModuleRecord last = null;
        for (ModuleRecord r : records) {
            if (r.startupOffset >= 0 && (last == null || end(r) > end(last))) {
                last = r;
            }
        }
        java.util.LinkedList<String> path = new java.util.LinkedList<>();
        while (last != null) {
            path.addFirst(last.name);
            ModuleRecord gate = null;
            for (int k : last.requiresAt) {
                ModuleRecord required = records.get(k);
                if (required.startupOffset >= 0 && (gate == null || end(required) > end(gate))) {
                    gate = required;
                }
            }
            last = gate;
        }
        return List.copyOf(path);
    }

    private static long end(ModuleRecord r) {
        return r.startupOffset + r.startupNanos;
    }
}
