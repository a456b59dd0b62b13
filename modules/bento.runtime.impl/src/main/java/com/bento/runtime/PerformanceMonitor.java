package com.bento.runtime;

import com.bento.ServiceKey;
import java.time.Duration;

/**
 * Runtime facts and request statistics. Recording is lock-free and safe from any number of
 * threads; a web host records every request.
 */
public sealed interface PerformanceMonitor permits DefaultPerformanceMonitor {

    /** The runtime's performance monitor. */
    ServiceKey<PerformanceMonitor> KEY = ServiceKey.of("performanceMonitor", PerformanceMonitor.class);

    /** @return what the runtime is and its state */
    RuntimeInfo runtimeInfo();

    /**
     * Records one request.
     *
     * @param duration how long it took; negative durations count as zero
     */
    void recordRequest(Duration duration);

    /**
     * Records one request, in nanoseconds: the allocation-free variant for hot paths.
     *
     * @param nanos how long it took
     */
    void recordRequestNanos(long nanos);

    /** @return statistics of every request recorded so far */
    RequestStats requestStats();
}
