package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Whole processes: SIGTERM with a request in flight, and Micronaut owning main. */
class ProcessLifecycleTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigtermLetsTheRequestInFlightFinishThenStopsModulesAndExitsZero() throws Exception {
        try (ChildJvm child = ChildJvm.onModulePath(GracefulChild.class)) {
            int port = Integer.parseInt(child.await("READY", 60));
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            child.await("EVENT slow.request.begin", 10);
            child.process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output pipe
            HttpResponse<String> response;
            try {
                response = slow.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                child.exit(20);
                throw new AssertionError("the request in flight failed; child output:\n" + String.join("\n", child.lines), e);
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("done");
            assertThat(child.exit(20)).as("exit status; output:\n%s", String.join("\n", child.lines)).isZero();
            assertThat(child.events()).as("output:\n%s", String.join("\n", child.lines)).containsExactly("slow.startup", "slow.request.begin", "slow.request.end",
                    "slow.shutdown");
        }
    }

    @Test
    void sigtermWaitsForAResponseStillBeingWrittenToASlowReader() throws Exception {
        try (ChildJvm child = ChildJvm.onModulePath(GracefulChild.class)) {
            int port = Integer.parseInt(child.await("READY", 60));
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            // the headers are here, so the request has left the filter: only Netty's write remains
            child.process.toHandle().destroy();
            long read = 0;
            byte[] chunk = new byte[64 * 1024];
            try (InputStream body = response.body()) {
                for (int n; (n = body.read(chunk)) >= 0; ) {
                    read += n;
                    Thread.sleep(2);
                }
            } catch (IOException e) {
                throw new AssertionError("the response was cut off after " + read + " bytes; child output:\n"
                        + String.join("\n", child.lines), e);
            }
            assertThat(read).isEqualTo(GracefulChild.BigController.SIZE);
            assertThat(child.exit(20)).as("exit status; output:\n%s", String.join("\n", child.lines)).isZero();
        }
    }

    @Test
    void whenMicronautOwnsMainBentoDiscoversBuildsAndStopsTheModules() throws Exception {
        try (ChildJvm child = ChildJvm.onClassPath(MicronautOwnsMain.class, "-Dbento.service-name=stockroom")) {
            int port = Integer.parseInt(child.await("READY", 60));
            HttpResponse<String> stock = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/stock/abc")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stock.body()).contains("\"stock\":3");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"service\":\"stockroom\"", "\"status\":\"UP\"");
            child.process.toHandle().destroy();
            child.exit(20);
            assertThat(child.events()).as("output:\n%s", String.join("\n", child.lines)).containsExactly(
                    "inventory.startup", "shipping.startup", "shipping.shutdown", "inventory.shutdown");
        }
    }

    @Test
    void whenMicronautOwnsMainTheContractsSettingIsReadToo() throws Exception {
        java.nio.file.Path absent = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "bento-no-such-contracts");
        try (ChildJvm child = ChildJvm.onClassPath(MicronautOwnsMain.class, "-Dbento.service-name=stockroom",
                "-Dbento.contracts=" + absent)) {
            child.exit(60);
            // this test path has no contracts support: the gate names the folder it was asked to read
            assertThat(String.join("\n", child.lines)).as("the start failed on the contracts setting")
                    .contains("Startup gates failed for service 'stockroom'", "withContracts(" + absent + ")")
                    .doesNotContain("READY");
        }
    }

    @Test
    void aStartFailureExitsNonZeroWithOneMessage() throws Exception {
        try (ChildJvm child = ChildJvm.onModulePath(FailingChild.class)) {
            assertThat(child.exit(60)).isEqualTo(1);
            assertThat(child.lines).contains("Bento application failed to start: Module 'broken' failed in onStartup"
                    + " (startup phase): java.lang.IllegalStateException: no license. No module had started. Fix the"
                    + " cause in com.bento.runtime.micronaut.FailingChild$BrokenModule.onStartup.");
        }
    }
}
