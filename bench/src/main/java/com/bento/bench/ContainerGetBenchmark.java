package com.bento.bench;

import com.bento.Container;
import com.bento.runtime.BentoRuntime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code container.get(name)} and {@code get(name, type)} of a created singleton, against a bare
 * {@link ConcurrentHashMap#get} holding the same 200 entries, measured side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContainerGetBenchmark {

    interface Repo {
    }

    record JdbcRepo(int id) implements Repo {
    }

    private BentoRuntime runtime;
    private Container container;
    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();

    @Setup
    public void fill() {
        runtime = BentoRuntime.builder().withListenerDiscovery(false).withModules(new com.bento.Module() {
            @Override
            public String name() {
                return "bench";
            }
        }).build();
        container = runtime.container();
        for (int i = 0; i < 200; i++) {
            String name = "service." + i;
            int id = i;
            container.setFactory(name, Repo.class, () -> new JdbcRepo(id));
            map.put(name, container.get(name));
        }
    }

    @TearDown
    public void close() {
        runtime.close();
    }

    @Benchmark
    public Object concurrentHashMapGet() {
        return map.get("service.117");
    }

    @Benchmark
    public Object containerGet() {
        return container.get("service.117");
    }

    @Benchmark
    public Repo containerGetTyped() {
        return container.get("service.117", Repo.class);
    }
}
