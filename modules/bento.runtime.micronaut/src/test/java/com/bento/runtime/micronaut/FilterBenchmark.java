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
 * up and down, duration recorded, response header), on Micronaut's own request and response objects. A JMH benchmark kept with the host's
 * tests because it drives package-private types (the filter, the host's constructor); compiled with
 * every build so it cannot rot, run by {@code bench/host.sh}.
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
    private BentoFilter quiet;
    private RateLimiter limiter;
    private DeadlineFilter deadline;

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
        host = new BentoHost(runtime);
        // the access log on, as by default, to logback's NOP appender
        // (bench/src/main/resources/logback.xml, which bench/host.sh selects)
        filter = new BentoFilter(host);
        quiet = new BentoFilter(host, new HttpSettings(false, HttpSettings.RateLimit.OFF, java.util.Optional.empty(),
                List.of(), java.time.Duration.ofHours(24), java.time.Duration.ofMinutes(1)));
        limiter = new RateLimiter(new HttpSettings.RateLimit(true, java.util.Optional.of(
                new HttpSettings.Limit(1_000_000_000L, java.time.Duration.ofSeconds(1))), List.of(), "remote-address",
                java.util.Optional.empty()), "bench");
        deadline = new DeadlineFilter(new HttpSettings(false, HttpSettings.RateLimit.OFF,
                java.util.Optional.of(java.time.Duration.ofSeconds(5)), List.of(), java.time.Duration.ofHours(24),
                java.time.Duration.ofMinutes(1)));
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

    /** Bento's filter with the access log switched off: the difference to {@link #withBentoFilter} is the log line. */
    @Benchmark
    public MutableHttpResponse<?> withBentoFilterAccessLogOff() {
        MutableHttpRequest<Object> request = HttpRequest.GET("/prices/abc");
        request.setAttribute("x", request);
        MutableHttpResponse<?> response = HttpResponse.ok();
        quiet.before(request);
        quiet.after(request, response);
        BentoFilter.terminated(request, host);
        return response;
    }

    /** The access log off, plus an in-memory rate limit the request is within (one bucket, one token taken). */
    @Benchmark
    public Object withBentoFilterAndRateLimit() {
        MutableHttpRequest<Object> request = HttpRequest.GET("/prices/abc");
        request.setAttribute("x", request);
        MutableHttpResponse<?> response = HttpResponse.ok();
        quiet.before(request);
        Object refused = limiter.decide(request).join();
        quiet.after(request, response);
        BentoFilter.terminated(request, host);
        return refused == null ? response : refused;
    }

    /** The access log off, plus a 5 s deadline around a handler that answers at once (a timer set and cancelled). */
    @Benchmark
    public Object withBentoFilterAndDeadline() {
        MutableHttpRequest<Object> request = HttpRequest.GET("/prices/abc");
        request.setAttribute("x", request);
        MutableHttpResponse<?> response = HttpResponse.ok();
        quiet.before(request);
        Object answered = reactor.core.publisher.Mono.from(deadline.doFilter(request,
                r -> reactor.core.publisher.Mono.just(response))).block();
        quiet.after(request, response);
        BentoFilter.terminated(request, host);
        return answered;
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
