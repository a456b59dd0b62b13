package com.bento.runtime.micronaut;

import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
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
 * The work Bento's request filter adds to one request (request id, one attribute, in-flight count
 * up and down, duration recorded, response header), on Micronaut's own request and response objects. Lives in
 * the host's package because the host's constructor is package-private; the bench runs on the class path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterBenchmark {
    private BentoRuntime runtime;
    private BentoHost host;
    private BentoFilter filter;

    /** @return a started runtime of one empty module, for a host to serve */
    static BentoRuntime oneModuleRuntime() {
        return BentoRuntime.builder().withListenerDiscovery(false).withModules(new Module() {
            @Override
            public String name() {
                return "bench";
            }
        }).build().start();
    }

    @Setup
    public void setUp() {
        runtime = oneModuleRuntime();
        host = new BentoHost(runtime, List.of());
        filter = new BentoFilter(host);
    }

    @TearDown
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public MutableHttpResponse<?> requestAndResponseObjectsOnly() {
        MutableHttpRequest<Object> request = HttpRequest.GET("/prices/abc");
        request.setAttribute("x", request);
        return HttpResponse.ok();
    }

    @Benchmark
    public MutableHttpResponse<?> withBentoFilter() {
        MutableHttpRequest<Object> request = HttpRequest.GET("/prices/abc");
        request.setAttribute("x", request);
        MutableHttpResponse<?> response = HttpResponse.ok();
        filter.before(request);
        filter.after(request, response);
        BentoFilter.terminated(request, host); // as the in-flight tracker does once Netty has the response
        return response;
    }
}
