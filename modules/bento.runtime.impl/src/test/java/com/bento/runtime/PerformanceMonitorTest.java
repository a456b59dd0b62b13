package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PerformanceMonitorTest {

    private final DefaultPerformanceMonitor monitor = new DefaultPerformanceMonitor(
            () -> new RuntimeInfo("svc", "test", List.of(), true, true, false, false));

    @Test
    void emptyStatisticsAreZero() {
        RequestStats stats = monitor.requestStats();
        assertThat(stats.count()).isZero();
        assertThat(stats.p99()).isEqualTo(Duration.ZERO);
        assertThat(stats.min()).isEqualTo(Duration.ZERO);
    }

    @Test
    void countAverageMinAndMaxAreExactAndPercentilesWithinThreePercent() {
        // 1 ms .. 10 ms in steps of 1 µs: p50 = 5.5 ms, p95 = 9.55 ms, p99 = 9.91 ms
        for (long micros = 1000; micros <= 10_000; micros++) {
            monitor.recordRequest(Duration.ofNanos(micros * 1000));
        }
        RequestStats stats = monitor.requestStats();
        assertThat(stats.count()).isEqualTo(9001);
        assertThat(stats.min()).isEqualTo(Duration.ofMillis(1));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(10));
        assertThat(stats.average()).isEqualTo(Duration.ofNanos(5_500_000));
        assertThat((double) stats.p50().toNanos()).isCloseTo(5_500_000, within(5_500_000 * 0.03));
        assertThat((double) stats.p95().toNanos()).isCloseTo(9_550_000, within(9_550_000 * 0.03));
        assertThat((double) stats.p99().toNanos()).isCloseTo(9_910_000, within(9_910_000 * 0.03));
    }

    @Test
    void aSkewedDistributionPutsTheTailInTheHighPercentiles() {
        for (int i = 0; i < 990; i++) {
            monitor.recordRequestNanos(200_000);
        }
        for (int i = 0; i < 10; i++) {
            monitor.recordRequestNanos(2_000_000_000L);
        }
        RequestStats stats = monitor.requestStats();
        assertThat((double) stats.p95().toNanos()).isCloseTo(200_000, within(200_000 * 0.03));
        assertThat((double) stats.p99().toNanos()).isCloseTo(200_000, within(200_000 * 0.03));
        assertThat(stats.max()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void negativeAndHugeDurationsAreClamped() {
        monitor.recordRequest(Duration.ofMillis(-5));
        monitor.recordRequest(Duration.ofDays(365 * 400));
        RequestStats stats = monitor.requestStats();
        assertThat(stats.min()).isEqualTo(Duration.ZERO);
        assertThat(stats.max().toNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void histogramBucketsCoverEveryValueContiguously() {
        long previousUpper = -1;
        int last = LatencyHistogram.index(Long.MAX_VALUE);
        for (int i = 0; i <= last; i++) {
            assertThat(LatencyHistogram.lowerBound(i)).as("bucket %d starts after %d", i, previousUpper)
                    .isEqualTo(previousUpper + 1);
            previousUpper = LatencyHistogram.upperBound(i);
            assertThat(LatencyHistogram.index(LatencyHistogram.lowerBound(i))).isEqualTo(i);
            assertThat(LatencyHistogram.index(previousUpper)).isEqualTo(i);
        }
        assertThat(previousUpper).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void recordingFromManyThreadsLosesNothing() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long value = (t + 1) * 1_000L;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        monitor.recordRequestNanos(value);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        RequestStats stats = monitor.requestStats();
        assertThat(stats.count()).isEqualTo((long) threads * perThread);
        assertThat(stats.min()).isEqualTo(Duration.ofNanos(1_000));
        assertThat(stats.max()).isEqualTo(Duration.ofNanos(8_000));
        assertThat(stats.average()).isEqualTo(Duration.ofNanos(4_500));
    }

    @Test
    void runtimeInfoComesFromTheRuntime() {
        assertThat(monitor.runtimeInfo().serviceName()).isEqualTo("svc");
    }
}
