package com.bento.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Observes a runtime's start and stop: each phase and each module hook, with real timestamps and
 * outcomes. Found with {@link java.util.ServiceLoader} ({@code provides com.bento.spi.RuntimeListener
 * with ...}) or added to the runtime's builder.
 *
 * <p>Calls come in this order: {@link #startupBegan}, then for each phase {@link #phaseStarted},
 * the {@link #moduleStarted}/{@link #moduleFinished} pairs of its modules, {@link #phaseFinished};
 * then {@link #startupEnded}. A stop is {@code phaseStarted(SHUTDOWN)} ... {@code phaseFinished(SHUTDOWN)}.
 * Calls for one runtime never overlap. In a parallel start the pairs of modules that run at the same
 * time interleave: a {@code moduleStarted} may come before another module's {@code moduleFinished}.
 *
 * <p>A listener must not slow the start down: an exception it throws is logged and ignored, and
 * never reaches the application. Every method does nothing by default.
 */
public interface RuntimeListener {

    /**
     * The start began; the modules are resolved.
     *
     * @param runtime the application being started
     * @param at when the start began, before module resolution
     */
    default void startupBegan(RuntimeDescriptor runtime, Instant at) {
    }

    /**
     * A phase began.
     *
     * @param phase the phase
     * @param at when it began
     */
    default void phaseStarted(Phase phase, Instant at) {
    }

    /**
     * A module's hook for a phase began.
     *
     * @param phase the phase
     * @param module the module's name
     * @param at when the hook began
     */
    default void moduleStarted(Phase phase, String module, Instant at) {
    }

    /**
     * A module's hook for a phase ended.
     *
     * @param phase the phase
     * @param module the module's name
     * @param at when the hook ended, or was abandoned after its time limit
     * @param failure what it threw, a {@link java.util.concurrent.TimeoutException} when it was
     *        abandoned, or {@code null} when it succeeded
     */
    default void moduleFinished(Phase phase, String module, Instant at, @Nullable Throwable failure) {
    }

    /**
     * A phase ended.
     *
     * @param phase the phase
     * @param at when it ended
     * @param failure why it failed, or {@code null} when it succeeded
     */
    default void phaseFinished(Phase phase, Instant at, @Nullable Throwable failure) {
    }

    /**
     * Just before {@code phaseFinished(STARTUP)}: the modules whose {@code onStartup} hooks, each
     * waiting for the one before, made the phase as long as it was.
     *
     * @param modules the chain, from a module that required none to the one that ended last
     */
    default void criticalPath(java.util.List<String> modules) {
    }

    /**
     * The start ended: every module started, or the start failed and was rolled back.
     *
     * @param at when it ended
     * @param failure why it failed, or {@code null}
     */
    default void startupEnded(Instant at, @Nullable Throwable failure) {
    }

    /**
     * Modules were loaded into the running runtime ({@code BentoRuntime.dynamicModules()}), or a
     * load failed and was undone.
     *
     * @param modules the modules' names in start order; empty when the load failed before they were read
     * @param sources the jars and folders they came from
     * @param began when the load began
     * @param ended when it ended
     * @param failure why it failed, or null
     */
    default void modulesLoaded(java.util.List<String> modules, java.util.List<String> sources, Instant began,
                               Instant ended, @Nullable Throwable failure) {
    }

    /**
     * Loaded modules were stopped and removed (their failures, if any, did not keep them).
     *
     * @param modules the modules' names in the order they stopped
     * @param began when the unload began
     * @param ended when it ended
     * @param failure the first failure of a hook or a close, or null
     */
    default void modulesUnloaded(java.util.List<String> modules, Instant began, Instant ended,
                                 @Nullable Throwable failure) {
    }
}
