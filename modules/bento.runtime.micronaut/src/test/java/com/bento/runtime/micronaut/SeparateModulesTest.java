package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as users build it: two Bento modules, each its own JPMS module compiled here
 * with Micronaut's annotation processor, run in a child JVM on the module path by the launcher
 * that names no module, called over HTTP and stopped with SIGTERM.
 */
class SeparateModulesTest {

    @TempDir
    static Path tmp;
    static Path catalog;
    static Path ordering;
    static Path hidden;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void compileModules() throws IOException {
        catalog = compile("shop.catalog", Map.of(
                "module-info.java", "module shop.catalog { requires bento.runtime.micronaut;"
                        + " exports shop.catalog; exports shop.catalog.web;"
                        + " provides com.bento.Module with shop.catalog.CatalogModule; }",
                "shop/catalog/Products.java", "package shop.catalog; public interface Products { java.util.List<String> names(); }",
                "shop/catalog/CatalogModule.java", "package shop.catalog;\n"
                        + "public final class CatalogModule implements com.bento.Module {\n"
                        + "  public void onRegister(com.bento.Container c) {\n"
                        + "    c.setFactory(\"catalog.products\", Products.class, () -> () -> java.util.List.of(\"tea\", \"cake\")); }\n"
                        + "  public void onShutdown(com.bento.Container c) { System.out.println(\"EVENT catalog.shutdown\"); }\n"
                        + "  public java.util.List<Class<?>> controllers() { return java.util.List.of(shop.catalog.web.ProductController.class); }\n"
                        + "}",
                "shop/catalog/web/ProductController.java", "package shop.catalog.web;\n"
                        + "@io.micronaut.http.annotation.Controller(\"/products\")\n"
                        + "public class ProductController {\n"
                        + "  private final shop.catalog.Products products;\n"
                        + "  public ProductController(@jakarta.inject.Named(\"catalog.products\") shop.catalog.Products products) { this.products = products; }\n"
                        + "  @io.micronaut.http.annotation.Get public java.util.List<String> list() { return products.names(); }\n"
                        + "}"), List.of());
        ordering = compile("shop.ordering", Map.of(
                "module-info.java", "module shop.ordering { requires bento.runtime.micronaut; requires shop.catalog;"
                        + " exports shop.ordering.web; provides com.bento.Module with shop.ordering.OrderingModule; }",
                "shop/ordering/OrderingModule.java", "package shop.ordering;\n"
                        + "@com.bento.Requires(\"catalog\")\n"
                        + "public final class OrderingModule implements com.bento.Module {\n"
                        + "  public void onShutdown(com.bento.Container c) { System.out.println(\"EVENT ordering.shutdown\"); }\n"
                        + "  public java.util.List<Class<?>> controllers() { return java.util.List.of(shop.ordering.web.OrderController.class); }\n"
                        + "}",
                "shop/ordering/web/OrderController.java", "package shop.ordering.web;\n"
                        + "@io.micronaut.http.annotation.Controller(\"/orders\")\n"
                        + "public class OrderController {\n"
                        + "  private final shop.catalog.Products products;\n"
                        + "  public OrderController(@jakarta.inject.Named(\"catalog.products\") shop.catalog.Products products) { this.products = products; }\n"
                        + "  @io.micronaut.http.annotation.Get(\"/{item}\") public java.util.Map<String, Object> order(String item) {\n"
                        + "    return java.util.Map.of(\"item\", item, \"in_catalog\", products.names().contains(item)); }\n"
                        + "}"), List.of(catalogOutput()));
        hidden = compile("shop.hidden", Map.of(
                "module-info.java", "module shop.hidden { requires bento.runtime.micronaut;"
                        + " provides com.bento.Module with shop.hidden.HiddenModule; }",
                "shop/hidden/HiddenModule.java", "package shop.hidden;\n"
                        + "public final class HiddenModule implements com.bento.Module {\n"
                        + "  public java.util.List<Class<?>> controllers() { return java.util.List.of(shop.hidden.web.SecretController.class); }\n"
                        + "}",
                "shop/hidden/web/SecretController.java", "package shop.hidden.web;\n"
                        + "@io.micronaut.http.annotation.Controller(\"/secret\")\n"
                        + "public class SecretController { @io.micronaut.http.annotation.Get public String get() { return \"x\"; } }"),
                List.of());
    }

    private static Path catalogOutput() {
        return catalog;
    }

    private static Path compile(String module, Map<String, String> sources, List<Path> extraModulePath) throws IOException {
        Path src = tmp.resolve(module + "-src");
        Path out = Files.createDirectories(tmp.resolve(module));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        List<String> modulePath = new ArrayList<>(List.of(System.getProperty("jdk.module.path")));
        extraModulePath.forEach(p -> modulePath.add(p.toString()));
        String processorPath = String.join(File.pathSeparator, System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path"));
        // a javac process of its own: in this JVM the processor's classes would meet the module
        // layer's copies of the same Micronaut jars
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        List<String> cmd = new ArrayList<>(List.of(javac, "-d", out.toString(), "--release", "17",
                "--module-path", String.join(File.pathSeparator, modulePath), "-processorpath", processorPath));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(module + " did not compile:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static ChildJvm launch(Path... modules) throws IOException {
        List<String> path = new ArrayList<>(List.of(System.getProperty("jdk.module.path")));
        for (Path m : modules) {
            path.add(m.toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ChildJvm.of(new ProcessBuilder(java, "-Dbento.service-name=shop", "-Dbento.environment=test", "-Dbento.endpoints.details=always",
                "--module-path", String.join(File.pathSeparator, path), "--add-modules", "ALL-MODULE-PATH",
                "--class-path", libraries(),
                "-m", "bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut",
                "-micronaut.server.port=0").redirectErrorStream(true).start());
    }

    /** The test's class-path libraries, without its own classes (which belong to the patched module). */
    private static String libraries() {
        return java.util.Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    private String get(URI base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void twoModulesInTheirOwnJpmsModulesAreDiscoveredServedAndStoppedOnSigterm() throws Exception {
        try (ChildJvm child = launch(catalog, ordering)) {
            URI base = URI.create(child.await("Bento 'shop' serving on", 60) + "/");
            assertThat(get(base, "products")).isEqualTo("[\"tea\",\"cake\"]");
            assertThat(get(base, "orders/tea")).contains("\"in_catalog\":true");
            String modules = get(base, "bento/modules");
            assertThat(modules).contains("\"name\":\"catalog\"", "\"name\":\"ordering\"", "(module shop.catalog, ",
                    "(module shop.ordering, ");
            assertThat(modules.indexOf("\"catalog\"")).isLessThan(modules.indexOf("\"ordering\""));
            child.process.toHandle().destroy();
            assertThat(child.exit(30)).as("output:\n%s", String.join("\n", child.lines)).isZero();
            assertThat(child.events()).containsExactly("ordering.shutdown", "catalog.shutdown");
        }
    }

    @Test
    void aControllerPackageTheModuleDoesNotExportStopsTheStartNamingTheExportsLine() throws Exception {
        try (ChildJvm child = launch(hidden)) {
            assertThat(child.exit(60)).isEqualTo(1);
            assertThat(child.lines).contains("Bento application failed to start: Module 'hidden' serves"
                    + " shop.hidden.web.SecretController, but JPMS module shop.hidden does not export package shop.hidden.web"
                    + " to everyone, so Micronaut cannot create it and its routes would answer 404. Add to module-info.java"
                    + " of shop.hidden: exports shop.hidden.web;");
        }
    }
}
