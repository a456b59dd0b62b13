package shop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds the jlink image with the JDK running the build, then runs bin/bento-sample as a user
 * would: with the image's own Java, no JDK on the path.
 */
class SampleImageTest {
    static final Path IMAGE = Path.of(System.getProperty("bento.image"));
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void buildImage() throws Exception {
        Path root = Path.of(System.getProperty("bento.root")).toRealPath();
        Process build = new ProcessBuilder("bash", root.resolve("jlink/build-image.sh").toString(), root.toString(),
                IMAGE.toString()).inheritIO().start();
        assertThat(build.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as("build-image.sh").isZero();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyModuleIsLinkedInWithOnlyTheJdkModulesTheShopNeeds() throws Exception {
        Process list = new ProcessBuilder(IMAGE.resolve("bin/java").toString(), "--list-modules").start();
        String modules = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Bento's modules, the shop's, and the automatic jars given descriptors (Micronaut, Netty, OpenTelemetry, H2)
        assertThat(modules).contains("bento.runtime.api", "bento.runtime.impl", "bento.runtime.data", "bento.runtime.otel",
                "shop.catalog", "shop.ordering", "io.micronaut.micronaut_http_server_netty", "io.netty.codec.http",
                "io.opentelemetry.sdk", "com.h2database", "java.sql", "jdk.jfr", "jdk.zipfs")
                .doesNotContain("java.desktop", "java.compiler", "jdk.compiler", "java.scripting");
        assertThat(IMAGE.resolve("app/modules")).as("no module path beside the image").doesNotExist();
        assertThat(Files.readString(IMAGE.resolve("bin/bento-sample"))).doesNotContain("--module-path");
    }

    @Test
    void theLauncherRunsTheShopWhichAnswersAndStopsOnSigterm() throws Exception {
        int port = freePort();
        // the build checked the contracts into their compiled file; a start that trusts it leaves it as it is
        // (one that found it stale would check the folder in full and write it again)
        Path compiled = IMAGE.resolve("app/contracts/.bento/contracts.compiled");
        assertThat(compiled).isRegularFile();
        byte[] compiledBefore = Files.readAllBytes(compiled);
        java.nio.file.attribute.FileTime compiledAt = Files.getLastModifiedTime(compiled);
        Path log = Files.createTempFile("bento-sample", ".log");
        int closed = freePort();
        ProcessBuilder pb = new ProcessBuilder(IMAGE.resolve("bin/bento-sample").toString(), "-micronaut.server.port=" + port)
                .directory(Files.createTempDirectory("bento-sample-run").toFile()) // its embedded database goes there
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the OTLP sender is loaded (and its JDK module must be in the image) even when the collector is down
        pb.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closed);
        pb.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin"); // the image's Java, not a JDK on the path
        pb.environment().remove("JAVA_HOME");
        Process shop = pb.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && shop.isAlive()) {
                try {
                    health = http.send(HttpRequest.newBuilder(base.resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).as("the shop answered; log:\n%s", Files.readString(log)).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("products"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"img\",\"name\":\"Image tea\",\"price_cents\":5}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as("log:\n%s", Files.readString(log)).isEqualTo(201);
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("products/img")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("\"name\":\"Image tea\"");
        } finally {
            shop.toHandle().destroy();
            assertThat(shop.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(shop.exitValue()).as("graceful stop; log:\n%s", Files.readString(log)).isZero();
        assertThat(Files.readString(log)).doesNotContain("NoClassDefFoundError", "could not be configured", "does not declare");
        // Flyway logs through SLF4J, at the shop's levels (it finds the SLF4J provider only when its linked
        // module declares that it uses the service; otherwise it prints its INFO lines through java.util.logging)
        assertThat(Files.readString(log)).contains("Migrated module 'catalog': applied V1, V2, history in bento_migration_history")
                .doesNotContain("org.flywaydb");
        assertThat(Files.getLastModifiedTime(compiled)).as("the start used the compiled contracts").isEqualTo(compiledAt);
        assertThat(Files.readAllBytes(compiled)).isEqualTo(compiledBefore);
    }

    @Test
    void trainingWritesTheStartupArchiveTheLauncherThenUses() throws Exception {
        Process train = new ProcessBuilder(IMAGE.resolve("bin/bento-sample-train").toString(),
                String.valueOf(freePort())).inheritIO().start();
        assertThat(train.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(train.exitValue()).isZero();
        boolean jdk25 = Integer.parseInt(Files.readString(IMAGE.resolve("app/jdk-version")).trim()) >= 25;
        Path archive = IMAGE.resolve(jdk25 ? "lib/bento-sample.aot" : "lib/bento-sample.jsa");
        assertThat(archive).isNotEmptyFile();
        // the first run migrated the empty database; the recorded one found it up to date, so the archive
        // holds what a restart loads and not Flyway's migration command (on JDK 25 each class in the cache
        // is loaded at every start, used or not). Class names are stored in the archive as UTF-8 symbols.
        assertThat(Files.readString(IMAGE.resolve("lib/train-migrate.log"))).as("the first run migrated")
                .contains("Migrated module 'catalog'").doesNotContain("Exception");
        assertThat(Files.readString(IMAGE.resolve("lib/train.log"))).as("the recorded run found the schema up to date")
                .contains("Started 'shop'").doesNotContain("Migrated module", "Exception");
        // read as Latin-1, one char per byte, so that the symbols' bytes can be searched as text
        String symbols = new String(Files.readAllBytes(archive), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(symbols.contains("org/flywaydb/core/internal/command/DbMigrate"))
                .as("Flyway's migrate command in %s", archive).isFalse();
        assertThat(symbols.contains("com/bento/runtime/DefaultRuntime")).as("the check above reads the archive's symbols").isTrue();
    }
}
