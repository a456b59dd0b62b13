package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A stop is bounded when the OTLP collector is gone: refused connections, or a socket that accepts and
 * never answers. The shop exports to it (traces and metrics), then gets SIGTERM; the child JVM's exit
 * is timed. The flush waits at most bento.otel.flush-timeout (1 s); OpenTelemetry's own shutdown
 * would block 9 to 14 s in its metric reader.
 */
class TelemetryStopTest {
    /** The flush bound (1 s) plus a Micronaut stop with room for a busy machine; the SDK alone blocked 9 to 14 s. */
    private static final long BOUND_MS = 4_000;

    private static Shop shopExportingTo(int port) throws Exception {
        // spans leave within 200 ms; metrics keep the default interval, so the stop makes the final metric export
        return Shop.launch().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port)
                .env("OTEL_BSP_SCHEDULE_DELAY", "200").start();
    }

    @Test
    void onTheModulePathTheShopExportsTracesAndMetricsToTheCollector() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer collector = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try (Shop shop = shopExportingTo(collector.getAddress().getPort())) {
            assertThat(shop.send("GET", "products", null).statusCode()).isEqualTo(200);
            shop.terminate(30);
            assertThat(received).as("OTLP requests; output:\n%s", shop.log()).contains("/v1/traces", "/v1/metrics");
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void withTheCollectorRefusingConnectionsTheStopStaysWithinTheBound() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (Shop shop = shopExportingTo(closed)) {
            assertThat(shop.send("GET", "products", null).statusCode()).isEqualTo(200);
            Thread.sleep(1_000); // exports are failing and retrying now
            long millis = shop.terminate(30);
            assertThat(shop.process.exitValue()).as("output:\n%s", shop.log()).isZero();
            assertThat(millis).as("SIGTERM to exit, in ms; output:\n%s", shop.log()).isLessThan(BOUND_MS);
        }
    }

    @Test
    void withACollectorThatAcceptsAndNeverAnswersTheStopStaysWithinTheBound() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!blackhole.isClosed()) {
                    try {
                        held.add(blackhole.accept()); // read nothing, answer nothing
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "blackhole");
            acceptor.setDaemon(true);
            acceptor.start();
            try (Shop shop = shopExportingTo(blackhole.getLocalPort())) {
                assertThat(shop.send("GET", "products", null).statusCode()).isEqualTo(200);
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (held.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(held).as("the exporter connected to the silent collector").isNotEmpty();
                long millis = shop.terminate(30);
                assertThat(shop.process.exitValue()).as("output:\n%s", shop.log()).isZero();
                assertThat(millis).as("SIGTERM to exit, in ms; output:\n%s", shop.log()).isLessThan(BOUND_MS);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
