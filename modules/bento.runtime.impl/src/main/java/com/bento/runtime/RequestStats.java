package com.bento.runtime;

import java.time.Duration;

/**
 * Request durations recorded by a {@link PerformanceMonitor}. Percentiles come from a log-linear
 * histogram and are within about 3% of the exact value; count, average, minimum and maximum are
 * exact. All durations are zero when nothing was recorded.
 *
 * @param count how many requests were recorded
 * @param average the mean duration
 * @param min the shortest
 * @param max the longest
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 */
public record RequestStats(long count, Duration average, Duration min, Duration max, Duration p50, Duration p95,
                           Duration p99) {
}
