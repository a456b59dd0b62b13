package com.bento.runtime.micronaut;

import com.bento.runtime.BentoRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
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
 * What the in-flight tracker's handler at the head of each connection adds to one write: a
 * response's bytes written and flushed through a Netty pipeline with and without it (an embedded
 * channel, no socket, so that the handler's own work is what differs). Kept with the host's tests
 * (package-private types), run by {@code bench/host.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponseWriteBenchmark {
    private BentoRuntime runtime;
    private EmbeddedChannel plain;
    private EmbeddedChannel tracked;
    private ByteBuf response;

    @Setup
    public void setUp() {
        runtime = FilterBenchmark.oneModuleRuntime();
        plain = new EmbeddedChannel();
        tracked = new EmbeddedChannel(new InFlightTracker.WriteCounter(new BentoHost(runtime)));
        response = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(
                "HTTP/1.1 200 OK\r\ncontent-length: 13\r\n\r\n{\"price\":350}".getBytes(StandardCharsets.US_ASCII)));
    }

    @TearDown
    public void tearDown() {
        plain.finishAndReleaseAll();
        tracked.finishAndReleaseAll();
        runtime.close();
    }

    private static Object writeAndFlush(EmbeddedChannel channel, ByteBuf bytes) {
        channel.writeAndFlush(bytes.duplicate());
        return channel.readOutbound();
    }

    @Benchmark
    public Object plainPipeline() {
        return writeAndFlush(plain, response);
    }

    @Benchmark
    public Object withWriteCounter() {
        return writeAndFlush(tracked, response);
    }
}
