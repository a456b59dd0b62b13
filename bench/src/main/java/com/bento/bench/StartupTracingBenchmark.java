package com.bento.bench;

import com.bento.Container;
import com.bento.Module;
import com.bento.otel.TelemetryListener;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 20-module build + start + close, without tracing and with the OpenTelemetry listener feeding a
 * batch span processor (the exporter counts spans and drops them), side by side in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StartupTracingBenchmark {

    /** Module i requires module i-1 through its registry position; names m00..m19. */
    record Step(String name) implements Module {
        @Override
        public void onRegister(Container container) {
            container.set(name + ".service", new Object());
        }
    }

    @Param({"off", "on"})
    String tracing;

    private OpenTelemetrySdk sdk;
    private final AtomicLong exported = new AtomicLong();

    @Setup
    public void sdk() {
        SpanExporter counting = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAndGet(spans.size());
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(counting).build()).build()).build();
    }

    @TearDown
    public void close() {
        sdk.close();
    }

    @Benchmark
    public BentoRuntime buildStartClose() {
        RuntimeBuilder b = BentoRuntime.builder().withListenerDiscovery(false);
        for (int i = 0; i < 20; i++) {
            b.withModules(new Step(String.format("m%02d", i)));
        }
        if (tracing.equals("on")) {
            b.withListener(TelemetryListener.builder().openTelemetry(sdk).build());
        }
        BentoRuntime runtime = b.build().start();
        runtime.close();
        return runtime;
    }
}
