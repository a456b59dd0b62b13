package com.bento.bench.start;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import com.bento.runtime.BentoRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parallel start against its critical path: 20 modules in six layers whose {@code onStartup} sleeps
 * 20 to 99 ms each (module i sleeps {@code 20 + (37 i mod 80)} ms), started in parallel and one by one,
 * alternating, in one JVM. Prints the medians of the startup phase, the critical path (the longest
 * chain of sleeps through the requirements, which no start can beat), the overhead of the parallel
 * start over it, and the sum of all sleeps.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar com.bento.bench.start.ParallelStartHarness [rounds]}
 */
public final class ParallelStartHarness {
    private ParallelStartHarness() {
    }

    static long sleepOf(int i) {
        return 20 + (37L * i) % 80;
    }

    /** Sleeps in onStartup; its requirements are on the subclass. */
    public abstract static class Sleeper implements Module {
        private final int index;

        Sleeper(int index) {
            this.index = index;
        }

        @Override
        public void onStartup(Container container) throws InterruptedException {
            Thread.sleep(sleepOf(index));
        }
    }

    public static final class M01Module extends Sleeper {
        public M01Module() {
            super(1);
        }
    }

    public static final class M02Module extends Sleeper {
        public M02Module() {
            super(2);
        }
    }

    public static final class M03Module extends Sleeper {
        public M03Module() {
            super(3);
        }
    }

    @Requires({"m01"})
    public static final class M04Module extends Sleeper {
        public M04Module() {
            super(4);
        }
    }

    @Requires({"m01", "m02"})
    public static final class M05Module extends Sleeper {
        public M05Module() {
            super(5);
        }
    }

    @Requires({"m03"})
    public static final class M06Module extends Sleeper {
        public M06Module() {
            super(6);
        }
    }

    @Requires({"m02"})
    public static final class M07Module extends Sleeper {
        public M07Module() {
            super(7);
        }
    }

    @Requires({"m04", "m05"})
    public static final class M08Module extends Sleeper {
        public M08Module() {
            super(8);
        }
    }

    @Requires({"m06"})
    public static final class M09Module extends Sleeper {
        public M09Module() {
            super(9);
        }
    }

    @Requires({"m07"})
    public static final class M10Module extends Sleeper {
        public M10Module() {
            super(10);
        }
    }

    @Requires({"m05", "m06"})
    public static final class M11Module extends Sleeper {
        public M11Module() {
            super(11);
        }
    }

    @Requires({"m08"})
    public static final class M12Module extends Sleeper {
        public M12Module() {
            super(12);
        }
    }

    @Requires({"m09", "m10"})
    public static final class M13Module extends Sleeper {
        public M13Module() {
            super(13);
        }
    }

    @Requires({"m11"})
    public static final class M14Module extends Sleeper {
        public M14Module() {
            super(14);
        }
    }

    @Requires({"m08", "m11"})
    public static final class M15Module extends Sleeper {
        public M15Module() {
            super(15);
        }
    }

    @Requires({"m12", "m13"})
    public static final class M16Module extends Sleeper {
        public M16Module() {
            super(16);
        }
    }

    @Requires({"m14"})
    public static final class M17Module extends Sleeper {
        public M17Module() {
            super(17);
        }
    }

    @Requires({"m15"})
    public static final class M18Module extends Sleeper {
        public M18Module() {
            super(18);
        }
    }

    @Requires({"m16", "m17"})
    public static final class M19Module extends Sleeper {
        public M19Module() {
            super(19);
        }
    }

    @Requires({"m18", "m19"})
    public static final class M20Module extends Sleeper {
        public M20Module() {
            super(20);
        }
    }

    static Module[] modules() {
        return new Module[] {new M01Module(), new M02Module(), new M03Module(), new M04Module(), new M05Module(), new M06Module(), new M07Module(), new M08Module(), new M09Module(), new M10Module(), new M11Module(), new M12Module(), new M13Module(), new M14Module(), new M15Module(), new M16Module(), new M17Module(), new M18Module(), new M19Module(), new M20Module()};
    }

    /** The longest path through the requirements, summing each module's sleep. */
    static long criticalPathMillis() {
        int[][] requires = {{}, {}, {}, {1}, {1, 2}, {3}, {2}, {4, 5}, {6}, {7}, {5, 6}, {8}, {9, 10}, {11}, {8, 11}, {12, 13}, {14}, {15}, {16, 17}, {18, 19}};
        long[] finish = new long[requires.length + 1];
        long longest = 0;
        for (int i = 1; i <= requires.length; i++) {
            long ready = 0;
            for (int d : requires[i - 1]) {
                ready = Math.max(ready, finish[d]);
            }
            finish[i] = ready + sleepOf(i);
            longest = Math.max(longest, finish[i]);
        }
        return longest;
    }

    static double startMillis(boolean parallel) {
        BentoRuntime runtime = BentoRuntime.builder().withConfig("graph", "test").withListenerDiscovery(false)
                .withParallelStart(parallel).withModules(modules()).build();
        runtime.start();
        double ms = runtime.startupMetrics().startup().toNanos() / 1e6;
        runtime.close();
        return ms;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        startMillis(true); // warm up both paths
        startMillis(false);
        List<Double> parallel = new ArrayList<>();
        List<Double> sequential = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                parallel.add(startMillis(true));
                sequential.add(startMillis(false));
            } else {
                sequential.add(startMillis(false));
                parallel.add(startMillis(true));
            }
        }
        long critical = criticalPathMillis();
        long sum = Arrays.stream(modules()).mapToLong(m -> sleepOf(((Sleeper) m).index)).sum();
        double p = median(parallel);
        double s = median(sequential);
        System.out.printf(java.util.Locale.ROOT, "modules 20, rounds %d%n", rounds);
        System.out.printf(java.util.Locale.ROOT, "critical path (sleeps)  %7.1f ms%n", (double) critical);
        System.out.printf(java.util.Locale.ROOT, "parallel start, median  %7.1f ms  (critical path + %.1f ms, %.3fx)%n",
                p, p - critical, p / critical);
        System.out.printf(java.util.Locale.ROOT, "sequential, median      %7.1f ms  (sum of sleeps %d ms)%n", s, sum);
        System.out.printf(java.util.Locale.ROOT, "parallel / sequential   %7.3f%n", p / s);
    }
}
