package com.bento.otel.linked;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's autoconfigure starts when {@code io.opentelemetry.common} is an explicit module, as it must
 * be to link OpenTelemetry into a run-time image: that module cannot declare {@code uses} for the
 * autoconfigure SPI, so the SDK's own component loader fails there, and Bento's (from its own module)
 * is what makes the start traced. Runs a real child JVM on a module path whose common jar was given a
 * descriptor.
 */
class LinkedSdkTest {

    @Test
    void theStartIsTracedWhenTheSdksCommonModuleIsExplicit(@TempDir Path dir) throws Exception {
        // this module's path, with the OpenTelemetry jars that nothing here requires by name (the SDK's logs,
        // which the test puts on the class path), as on the sample's module path
        List<String> modulePath = new ArrayList<>();
        Path common = null;
        List<String> entries = new ArrayList<>(List.of(System.getProperty("jdk.module.path").split(File.pathSeparator)));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("opentelemetry-") && !name.startsWith("opentelemetry-sdk-testing") && !entries.contains(entry)) {
                entries.add(entry);
            }
        }
        for (String entry : entries) {
            if (Path.of(entry).getFileName().toString().startsWith("opentelemetry-common-")) {
                common = Path.of(entry);
            } else {
                modulePath.add(entry);
            }
        }
        assertThat(common).as("opentelemetry-common on the test's module path").isNotNull();
        modulePath.add(explicit(common, dir).toString());

        // the probe and Bento's core (a test dependency here, so on the class path) from the class path
        List<String> classPath = new ArrayList<>();
        classPath.add(Path.of(LinkedSdkProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        classPath.add(Path.of(com.bento.runtime.BentoRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        String output = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "ALL-MODULE-PATH", "-cp", String.join(File.pathSeparator, classPath),
                "-Dbento.otel.flush-timeout=5s", LinkedSdkProbe.class.getName()));

        assertThat(output).as("the premise: the common module is explicit").contains("common-module-automatic=false");
        assertThat(output).contains("started=true", "stopped").doesNotContain("does not declare", "could not be configured",
                "not ready within");
        assertThat(output).as("the startup trace, exported by the logging exporter").contains("'bento.startup'");
    }

    /** A copy of the jar with the descriptor jlink would need: its two packages exported, no {@code uses}. */
    private static Path explicit(Path jar, Path dir) throws Exception {
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("module-info.java"),
                "module io.opentelemetry.common { requires java.logging;"
                        + " exports io.opentelemetry.common; exports io.opentelemetry.common.impl; }\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        run(List.of(bin + "/javac", "--patch-module", "io.opentelemetry.common=" + jar, "-d", classes.toString(),
                source.toString()));
        Path copy = Files.copy(jar, Files.createDirectories(dir.resolve("modules")).resolve(jar.getFileName()));
        run(List.of(bin + "/jar", "--update", "--file", copy.toString(), "-C", classes.toString(), "module-info.class"));
        return copy;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(command.get(0) + ":\n" + output).isZero();
        return output;
    }
}
