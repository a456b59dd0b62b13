package com.bento.runtime;

import java.time.Duration;
import java.util.function.Supplier;

/** Request statistics in a {@link LatencyHistogram}; runtime facts read from the runtime on demand. */
final class DefaultPerformanceMonitor implements PerformanceMonitor {
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final Supplier<RuntimeInfo> info;

    DefaultPerformanceMonitor(Supplier<RuntimeInfo> info) {
        this.info = info;
    }

    @Override
    public RuntimeInfo runtimeInfo() {
        return info.get();
    }

    @Override
    public void recordRequest(Duration duration) {
        recordRequestNanos(duration.isNegative() ? 0 : saturatedNanos(duration));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void recordRequestNanos(long nanos) {
        histogram.record(nanos);
    }

    @Override
    public RequestStats requestStats() {
        long count = histogram.count();
        if (count == 0) {
            return new RequestStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        long[] q = histogram.quantiles(0.50, 0.95, 0.99);
        return new RequestStats(count, Duration.ofNanos(histogram.sum() / count), Duration.ofNanos(histogram.min()),
                Duration.ofNanos(histogram.max()), Duration.ofNanos(q[0]), Duration.ofNanos(q[1]), Duration.ofNanos(q[2]));
    }
}
