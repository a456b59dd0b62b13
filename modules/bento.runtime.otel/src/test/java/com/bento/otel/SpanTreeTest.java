package com.bento.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.LifecycleException;
import com.bento.runtime.BentoRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanTreeTest {

    /** The span tree of a three-module start, as "parent > name [module]". */
    private static final List<String> START = List.of(
            "- > bento.startup",
            "bento.startup > bento.gates",
            "bento.startup > bento.register",
            "bento.register > bento.module.register [infra]",
            "bento.register > bento.module.register [catalog]",
            "bento.register > bento.module.register [ordering]",
            "bento.startup > bento.startup.hooks",
            "bento.startup.hooks > bento.module.startup [infra]",
            "bento.startup.hooks > bento.module.startup [catalog]",
            "bento.startup.hooks > bento.module.startup [ordering]");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();

    @AfterEach
    void close() {
        Shop.failOrderingStartup = null;
        sdk.close();
    }

    private BentoRuntime build() {
        return BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withListener(TelemetryListener.builder().openTelemetry(sdk).build())
                .withModules(Shop.modules()).build();
    }

    private List<SpanData> finished() {
        return spans.getFinishedSpanItems().stream().sorted(Comparator.comparing(SpanData::getStartEpochNanos)
                .thenComparing(s -> s.getParentSpanId().equals(SpanId.getInvalid()) ? 0 : 1)).toList();
    }

    /** Each span as "parent name > name [module]" for a readable tree assertion. */
    private static List<String> tree(List<SpanData> list) {
        Map<String, SpanData> byId = list.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        return list.stream().map(s -> {
            SpanData parent = byId.get(s.getParentSpanId());
            String module = s.getAttributes().get(AttributeKey.stringKey("bento.module"));
            return (parent == null ? "-" : parent.getName()) + " > " + s.getName() + (module == null ? "" : " [" + module + "]");
        }).toList();
    }

    @Test
    void aThreeModuleStartIsOneTraceWithASpanPerPhaseAndModule() {
        BentoRuntime runtime = build().start();
        List<SpanData> start = finished();

        assertThat(tree(start)).containsExactlyElementsOf(START);
        assertThat(start).extracting(SpanData::getTraceId).as("one trace").containsOnly(start.get(0).getTraceId());
        SpanData root = start.get(0);
        assertThat(root.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("service.name"), "shop")
                .containsEntry(AttributeKey.stringKey("deployment.environment.name"), "test")
                .containsEntry(AttributeKey.longKey("bento.module.count"), 3L)
                .containsEntry(AttributeKey.stringKey("process.runtime.version"), Runtime.version().toString());
        for (SpanData s : start) {
            assertThat(s.getEndEpochNanos()).as("%s ends after it starts", s.getName()).isGreaterThanOrEqualTo(s.getStartEpochNanos());
            assertThat(s.getStartEpochNanos()).as("%s lies within the root", s.getName()).isGreaterThanOrEqualTo(root.getStartEpochNanos());
            assertThat(s.getEndEpochNanos()).isLessThanOrEqualTo(root.getEndEpochNanos());
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }
        assertThat(start).filteredOn(span -> span.getName().equals("bento.startup.hooks")).singleElement()
                .satisfies(hooks -> assertThat(hooks.getAttributes().get(TelemetryListener.CRITICAL_PATH))
                        .as("a chain infra -> catalog -> ordering").containsExactly("infra", "catalog", "ordering"));
        assertThat(root.getEndEpochNanos() - root.getStartEpochNanos())
                .as("the root's duration is the real one, within the runtime's own measure plus slack")
                .isGreaterThanOrEqualTo(runtime.startupMetrics().register().toNanos());
        runtime.close();
    }

    @Test
    void modulesLoadedAndUnloadedWhileRunningAreSpansInTheStartupTrace() {
        TelemetryListener listener = TelemetryListener.builder().openTelemetry(sdk).build();
        BentoRuntime runtime = BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withListener(listener).withModules(Shop.modules()).build().start();
        String startupTrace = finished().get(0).getTraceId();
        spans.reset();
        java.time.Instant t0 = java.time.Instant.now();
        // what the runtime reports when dynamicModules() loads, fails to load, and unloads
        listener.modulesLoaded(List.of("pricing"), List.of("/srv/modules/pricing-2.jar"), t0, t0.plusMillis(40), null);
        listener.modulesLoaded(List.of(), List.of("/srv/modules/broken.jar"), t0, t0.plusMillis(5),
                new IllegalStateException("no module"));
        listener.modulesUnloaded(List.of("pricing"), t0.plusMillis(50), t0.plusMillis(60), null);

        List<SpanData> ops = finished();
        assertThat(ops).extracting(SpanData::getName)
                .containsExactly("bento.modules.load", "bento.modules.load", "bento.modules.unload");
        assertThat(ops).extracting(SpanData::getTraceId).as("in the startup trace").containsOnly(startupTrace);
        assertThat(ops.get(0).getAttributes().get(Spans.MODULES)).containsExactly("pricing");
        assertThat(ops.get(0).getAttributes().get(Spans.SOURCES)).as("file names only").containsExactly("pricing-2.jar");
        assertThat(ops.get(0).getEndEpochNanos() - ops.get(0).getStartEpochNanos()).isEqualTo(40_000_000L);
        assertThat(ops.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(ops.get(1).getEvents()).extracting(e -> e.getName()).contains("exception");
        assertThat(ops.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(ops).extracting(s -> s.getEvents().stream().map(e -> e.getName()
                + (e.getAttributes().get(Spans.MODULE) == null ? "" : " " + e.getAttributes().get(Spans.MODULE))).toList())
                .containsExactly(List.of("module.loaded pricing"), List.of("exception"), List.of("module.unloaded pricing"));
        runtime.close();
    }

    @Test
    void aStopIsATraceOfItsOwnWithModulesInReverse() {
        BentoRuntime runtime = build().start();
        spans.reset();
        runtime.close();
        List<SpanData> stop = finished();
        assertThat(tree(stop)).containsExactly(
                "- > bento.shutdown",
                "bento.shutdown > bento.module.shutdown [ordering]",
                "bento.shutdown > bento.module.shutdown [catalog]",
                "bento.shutdown > bento.module.shutdown [infra]");
        assertThat(stop).extracting(SpanData::getTraceId).containsOnly(stop.get(0).getTraceId());
    }

    @Test
    void aFailingModuleMarksItsSpansErrorAndTheRollbackIsTraced() {
        Shop.failOrderingStartup = new IllegalStateException("no stock service");
        BentoRuntime runtime = build();
        assertThatThrownBy(runtime::start).isInstanceOf(LifecycleException.class);
        List<SpanData> all = finished();
        List<String> expected = new java.util.ArrayList<>(START);
        expected.addAll(List.of(
                "bento.startup > bento.shutdown",
                "bento.shutdown > bento.module.shutdown [catalog]",
                "bento.shutdown > bento.module.shutdown [infra]"));
        assertThat(tree(all)).as("the rollback is traced under the start's root").containsExactlyElementsOf(expected);
        Map<String, StatusCode> status = all.stream().filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                .collect(Collectors.toMap(s -> s.getName() + s.getAttributes().get(AttributeKey.stringKey("bento.module")),
                        s -> s.getStatus().getStatusCode()));
        assertThat(status).containsOnlyKeys("bento.module.startupordering", "bento.startup.hooksnull", "bento.startupnull");
        SpanData failed = all.stream().filter(s -> s.getName().equals("bento.module.startup")
                && "ordering".equals(s.getAttributes().get(AttributeKey.stringKey("bento.module")))).findFirst().orElseThrow();
        assertThat(failed.getEvents()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("no stock service");
        });
    }

    @Test
    void phaseAndModuleDurationsAreAHistogram() {
        build().start().close();
        MetricData duration = metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("bento.startup.duration")).findFirst().orElseThrow();
        assertThat(duration.getUnit()).isEqualTo("s");
        List<String> points = duration.getHistogramData().getPoints().stream()
                .map(p -> p.getAttributes().get(AttributeKey.stringKey("bento.phase")) + "/"
                        + p.getAttributes().get(AttributeKey.stringKey("bento.module")))
                .sorted().toList();
        assertThat(points).contains("register/null", "register/catalog", "startup/ordering", "shutdown/infra", "gates/null");
    }

    @Test
    void servedRequestsBecomeTheHttpServerDurationMetricOfTheSemanticConventions() {
        BentoRuntime runtime = build().start();
        new HttpServerMetrics().requestCompleted(new com.bento.spi.RequestListener.Request("GET", "/orders/{id}", 200,
                "http", "1.1", 12_000_000));
        new HttpServerMetrics().requestCompleted(new com.bento.spi.RequestListener.Request("POST", "", 404,
                "http", "1.1", 3_000_000));
        MetricData http = metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("http.server.request.duration")).findFirst().orElseThrow();
        assertThat(http.getUnit()).isEqualTo("s");
        assertThat(http.getHistogramData().getPoints()).hasSize(2).anySatisfy(p -> {
            assertThat(p.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("http.request.method"), "GET")
                    .containsEntry(AttributeKey.stringKey("http.route"), "/orders/{id}")
                    .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
                    .containsEntry(AttributeKey.stringKey("url.scheme"), "http")
                    .containsEntry(AttributeKey.stringKey("network.protocol.version"), "1.1");
            assertThat(p.getSum()).isEqualTo(0.012);
            assertThat(p.getBoundaries()).containsExactlyElementsOf(HttpServerMetrics.BUCKETS);
        });
        runtime.close();
    }

    @Test
    void anApplicationsOwnGlobalOpenTelemetryIsUsedAndKept() {
        io.opentelemetry.api.GlobalOpenTelemetry.resetForTest();
        io.opentelemetry.api.GlobalOpenTelemetry.set(sdk);
        try {
            BentoRuntime runtime = BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                    .withListener(new TelemetryListener()).withModules(Shop.modules()).build().start();
            runtime.close();
            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("bento.startup", "bento.shutdown");
            sdk.getSdkTracerProvider().get("after").spanBuilder("still-works").startSpan().end();
            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                    .as("the application's SDK still exports after Bento stopped: Bento did not shut it down")
                    .contains("still-works");
        } finally {
            io.opentelemetry.api.GlobalOpenTelemetry.resetForTest();
        }
    }

    @Test
    void moduleStateIsAGauge() {
        BentoRuntime runtime = build().start();
        MetricData gauge = metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("bento.module.state")).findFirst().orElseThrow();
        assertThat(gauge.getLongGaugeData().getPoints()).extracting(p ->
                p.getAttributes().get(AttributeKey.stringKey("bento.module")) + "="
                        + p.getAttributes().get(AttributeKey.stringKey("bento.module.state")))
                .containsExactlyInAnyOrder("infra=STARTED", "catalog=STARTED", "ordering=STARTED");
        runtime.close();
    }
}
