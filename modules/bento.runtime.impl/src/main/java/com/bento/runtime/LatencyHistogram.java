package com.bento.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free log-linear histogram of nanosecond values. Values below 64 have a bucket each;
 * above, every power of two is split into 32 buckets, so a bucket's width is at most 1/32 of its
 * lower bound and a percentile read from the bucket middle is within about 1.6% of the truth.
 */
final class LatencyHistogram {
    private static final int LINEAR = 64;
    private static final int SUB = 32;
    private static final int BUCKETS = LINEAR + 58 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

    void record(long value) {
        long v = Math.max(0, value);
        counts.incrementAndGet(index(v));
        total.increment();
        sum.add(v);
        long m = min.get();
        while (v < m && !min.compareAndSet(m, v)) {
            m = min.get();
        }
        m = max.get();
        while (v > m && !max.compareAndSet(m, v)) {
            m = max.get();
        }
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= 6
        int shift = exponent - 5;                          // v >> shift is in [32, 64)
        int mantissa = (int) (v >>> shift);
        return LINEAR + (shift - 1) * SUB + (mantissa - SUB);
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int k = index - LINEAR;
        int shift = k / SUB + 1;
        long mantissa = k % SUB + SUB;
        return mantissa << shift;
    }

    static long upperBound(int index) {
        return index < LINEAR ? index : lowerBound(index) + (1L << ((index - LINEAR) / SUB + 1)) - 1;
    }

    long count() {
        return total.sum();
    }

    long sum() {
        return sum.sum();
    }

    long min() {
        long m = min.get();
        return m == Long.MAX_VALUE ? 0 : m;
    }

    long max() {
        long m = max.get();
        return m == Long.MIN_VALUE ? 0 : m;
    }

    /** The value at quantile {@code q} (0..1], from a snapshot of the buckets; 0 when empty. */
    long[] quantiles(double... qs) {
        long[] snapshot = new long[BUCKETS];
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            n += snapshot[i];
        }
        long[] out = new long[qs.length];
        if (n == 0) {
            return out;
        }
        long lo = min();
        long hi = max();
        for (int q = 0; q < qs.length; q++) {
            long rank = Math.max(1, (long) Math.ceil(qs[q] * n));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += snapshot[i];
                if (seen >= rank) {
                    long mid = lowerBound(i) + (upperBound(i) - lowerBound(i)) / 2;
                    out[q] = Math.min(hi, Math.max(lo, mid));
                    break;
                }
            }
        }
        return out;
    }
}
