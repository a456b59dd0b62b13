package com.bento.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.runtime.BentoRuntime;
import com.bento.spi.RuntimeListener;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener as an application gets it: found by ServiceLoader and configured by the standard
 * OTEL properties, exporting OTLP/HTTP protobuf to a real receiver on loopback.
 */
class OtlpExportTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "otel.traces.exporter", "otlp",
            "otel.metrics.exporter", "none",
            "otel.bsp.schedule.delay", "100");

    @AfterEach
    void clear() {
        PROPERTIES.keySet().forEach(System::clearProperty);
        System.clearProperty("otel.exporter.otlp.endpoint");
        System.clearProperty("bento.otel.enabled");
    }

    private static BentoRuntime shop() {
        return BentoRuntime.builder().withConfig("shop", "prod").withModules(Shop.modules()).build();
    }

    @Test
    void theDiscoveredListenerExportsTheStartupTraceToAnOtlpReceiver() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            PROPERTIES.forEach(System::setProperty);
            System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
            BentoRuntime runtime = shop().start();
            runtime.close(); // the stop flushes and shuts the SDK down
            assertThat(receiver.spanNames).contains("bento.startup", "bento.gates", "bento.register",
                    "bento.module.register", "bento.startup.hooks", "bento.module.startup", "bento.shutdown",
                    "bento.module.shutdown");
            assertThat(receiver.spanNames.stream().filter("bento.module.register"::equals)).hasSize(3);
            assertThat(receiver.contentTypes).containsOnly("application/x-protobuf");
            // the spans went through the deferred sender, which the SDK was pointed at
            assertThat(System.getProperty("io.opentelemetry.sdk.common.export.HttpSenderProvider"))
                    .isEqualTo("com.bento.otel.sender.DeferredHttpSenderProvider");
        }
    }

    @Test
    void withTheReceiverDownTheApplicationStillStartsAndStopsWithinTheFlushBound() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PROPERTIES.forEach(System::setProperty);
        System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort);
        long begin = System.nanoTime();
        BentoRuntime runtime = shop().start();
        assertThat(runtime.isStarted()).isTrue();
        runtime.close();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertThat(took).as("start and stop, with a 5 s flush bound").isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void spansEndedBeforeTheCollectorIsUpAreExportedOnceItIs() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PROPERTIES.forEach(System::setProperty);
        System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port);
        BentoRuntime runtime = shop().start(); // the startup trace is complete; the collector is not there yet
        Thread.sleep(300);                     // the first export attempt has failed by now
        try (OtlpReceiver receiver = new OtlpReceiver(port)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!receiver.spanNames.contains("bento.startup") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(receiver.spanNames).as("retried export of the queued startup spans")
                    .contains("bento.startup", "bento.register", "bento.module.startup");
            runtime.close();
            assertThat(receiver.spanNames).contains("bento.shutdown");
        }
    }

    @Test
    void tracingCanBeSwitchedOff() {
        System.setProperty("bento.otel.enabled", "false");
        TelemetryListener listener = new TelemetryListener();
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false).withListener(listener)
                .withModules(Shop.modules()).build().start();
        runtime.close();
        assertThat(listener.disabled()).isTrue();
    }

    @Test
    void theListenerIsFoundByServiceLoader() {
        getClass().getModule().addUses(RuntimeListener.class); // the runtime declares the 'uses'; this test module does not
        assertThat(java.util.ServiceLoader.load(RuntimeListener.class).stream().map(p -> p.type().getName()))
                .contains("com.bento.otel.TelemetryListener");
    }

    @Test
    void localRunsLogSpansUnlessAnEndpointIsConfigured() {
        var descriptor = new com.bento.spi.RuntimeDescriptor("shop", "local", java.util.List.of());
        assertThat(OtelSdk.defaults(descriptor)).containsEntry("otel.traces.exporter", "logging")
                .containsEntry("otel.service.name", "shop")
                .containsEntry("otel.resource.attributes", "deployment.environment.name=local");
        var prod = new com.bento.spi.RuntimeDescriptor("shop", "prod", java.util.List.of());
        assertThat(OtelSdk.defaults(prod)).containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.exporter.otlp.protocol", "http/protobuf");
    }
}
