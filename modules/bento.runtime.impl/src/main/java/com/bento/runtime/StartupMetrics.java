package com.bento.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How long the start took, by phase and by module.
 *
 * @param total the whole build: resolution, gates, register and database
 * @param resolution finding the modules (discovery) and ordering them by their dependencies
 * @param gates the gates phase
 * @param register every module's {@code onRegister}
 * @param database the database phase; zero when no module needs a database
 * @param startup every module's {@code onStartup}; zero until the runtime is started
 * @param moduleRegister each module's {@code onRegister}, in start order
 * @param moduleStartup each module's {@code onStartup}, in start order
 * @param timeline every phase and module hook that ran, with when it began: a waterfall of the start
 * @param criticalPath the modules whose {@code onStartup} hooks, one waiting for the next, made the
 *        startup phase as long as it was (in a parallel start, the others ran beside them)
 */
public record StartupMetrics(Duration total, Duration resolution, Duration gates, Duration register, Duration database, Duration startup,
                             Map<String, Duration> moduleRegister, Map<String, Duration> moduleStartup,
                             java.util.List<Step> timeline, java.util.List<String> criticalPath) {

    /**
     * One phase, or one module's hook in a phase.
     *
     * @param phase {@code resolution}, {@code gates}, {@code register}, {@code database} or {@code startup}
     * @param module the module, empty for the phase itself
     * @param offset when it began, from the beginning of the build
     * @param duration how long it took
     */
    public record Step(String phase, String module, Duration offset, Duration duration) {
        /** Validates the components. */
        public Step {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(offset, "offset");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * Metrics without a timeline.
     *
     * @param total the whole build
     * @param resolution finding and ordering the modules
     * @param gates the gates phase
     * @param register every module's onRegister
     * @param database the database phase
     * @param startup every module's onStartup
     * @param moduleRegister each module's onRegister
     * @param moduleStartup each module's onStartup
     */
    public StartupMetrics(Duration total, Duration resolution, Duration gates, Duration register, Duration database,
                          Duration startup, Map<String, Duration> moduleRegister, Map<String, Duration> moduleStartup) {
        this(total, resolution, gates, register, database, startup, moduleRegister, moduleStartup, java.util.List.of(),
                java.util.List.of());
    }

    /** Validates and copies the components; the maps keep their order. */
    public StartupMetrics {
        timeline = java.util.List.copyOf(timeline);
        criticalPath = java.util.List.copyOf(criticalPath);
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(register, "register");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(startup, "startup");
        moduleRegister = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moduleRegister));
        moduleStartup = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moduleStartup));
    }

    /**
     * The figures as seconds: {@code total_time}, {@code resolution_time}, {@code gates_time}, {@code register_time},
     * {@code database_time}, {@code startup_time}, then {@code module.<name>.register_time} and
     * {@code module.<name>.startup_time} for each module.
     *
     * @return an ordered, unmodifiable map of seconds
     */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("total_time", seconds(total));
        map.put("resolution_time", seconds(resolution));
        map.put("gates_time", seconds(gates));
        map.put("register_time", seconds(register));
        map.put("database_time", seconds(database));
        map.put("startup_time", seconds(startup));
        moduleRegister.forEach((m, d) -> map.put("module." + m + ".register_time", seconds(d)));
        moduleStartup.forEach((m, d) -> map.put("module." + m + ".startup_time", seconds(d)));
        return java.util.Collections.unmodifiableMap(map);
    }

    /**
     * The one line {@link BentoRuntime#logStartupMetrics()} logs:
     * {@code Startup metrics: total=0.81s, gates=0.12s, register=0.46s, database=0.23s}, with
     * {@code , startup=0.05s} appended once the modules have started.
     *
     * @return the line
     */
    public String summary() {
        String line = String.format(Locale.ROOT, "Startup metrics: total=%.2fs, gates=%.2fs, register=%.2fs, database=%.2fs",
                seconds(total), seconds(gates), seconds(register), seconds(database));
        return moduleStartup.isEmpty() ? line : line + String.format(Locale.ROOT, ", startup=%.2fs", seconds(startup));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
