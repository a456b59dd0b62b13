package com.bento.runtime.micronaut;

import com.bento.http.HttpHandler;
import com.bento.http.HttpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routes declared as code cost each request: ModuleRoutes matches every request against the
 * table before Micronaut routes it, so a request for a controller (a miss) pays one scan, and a
 * code route (a hit) one scan plus its variables. {@code routes} is the table's size. Run by
 * {@code bench/host.sh RouteTableBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteTableBenchmark {
    @Param({"10", "100"})
    public int routes;

    private List<RouteTable.Route> table;

    @Setup
    public void setUp() {
        HttpHandler ok = call -> HttpReply.noContent();
        table = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            table.add(RouteTable.declare("m" + i, "GET", "/area" + i + "/items/{id}", ok));
        }
    }

    /** A request for a controller's path: no code route matches. */
    @Benchmark
    public Object miss() {
        return RouteTable.match(table, "GET", "/orders/o-1");
    }

    /** A request for the last code route declared, with one variable. */
    @Benchmark
    public Object hit() {
        return RouteTable.match(table, "GET", "/area" + (routes - 1) + "/items/tea");
    }
}
