package com.bento.bench;

import com.bento.Module;
import com.bento.runtime.ModuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ModuleRegistry.resolveOrder()} on a random DAG: each module requires up to three modules
 * with a smaller index, registered in shuffled order. Each invocation resolves a fresh registry
 * (the result is otherwise cached), so the figure is the full sort.
 *
 * <p>With {@code collectFirst} the invocation's set-up ends with a full collection, so the young
 * collections that building a fresh registry leaves due do not land inside the measured call; the
 * resolver's own allocation (and any collection it causes) is still measured. Without it, at 100,000
 * modules the figure is dominated by collecting the set-up's garbage with a large live set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResolveOrderBenchmark {

    record Named(String name) implements Module {
    }

    @Param({"1000", "10000", "100000"})
    int modules;

    @Param({"false", "true"})
    boolean collectFirst;

    private final List<Module> shuffled = new ArrayList<>();
    private final List<List<String>> requires = new ArrayList<>();
    private ModuleRegistry registry;

    @Setup(Level.Trial)
    public void graph() {
        Random random = new Random(7);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < modules; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        for (int i : order) {
            shuffled.add(new Named("m" + i));
            List<String> deps = new ArrayList<>();
            int n = i == 0 ? 0 : random.nextInt(4);
            for (int d = 0; d < n; d++) {
                deps.add("m" + random.nextInt(i));
            }
            requires.add(deps);
        }
    }

    @Setup(Level.Invocation)
    public void freshRegistry() {
        registry = ModuleRegistry.create();
        for (int i = 0; i < shuffled.size(); i++) {
            registry.register(shuffled.get(i), requires.get(i));
        }
        if (collectFirst) {
            System.gc();
        }
    }

    @Benchmark
    public List<Module> resolveOrder() {
        return registry.resolveOrder();
    }
}
