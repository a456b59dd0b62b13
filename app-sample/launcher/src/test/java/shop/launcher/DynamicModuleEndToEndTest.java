package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module added to the running shop as its operators would: a jar compiled against the shop's
 * module path, dropped in {@code bento.modules.dir}, loaded, called, replaced and unloaded over the
 * admin endpoints of the shop launched as {@code run.sh} launches it.
 */
class DynamicModuleEndToEndTest {
    @TempDir
    Path dir;
    private Shop shop;

    @AfterEach
    void stop() throws Exception {
        if (shop != null) {
            shop.terminate(30);
            assertThat(shop.process.exitValue()).as("graceful stop; output:\n%s", shop.log()).isZero();
        }
    }

    /** The promotions module: requires the catalog, answers GET /promotions/{sku} as code. */
    private Path promotionsJar(String version) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + version + "/shop/promotions"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + version));
        Files.writeString(src.resolveSibling("../module-info.java").normalize(), "module shop.promotions {"
                + " requires bento.runtime.api; provides com.bento.Module with shop.promotions.PromotionsModule; }");
        Files.writeString(src.resolve("PromotionsModule.java"), "package shop.promotions;\n"
                + "import com.bento.http.*;\n"
                + "@com.bento.Requires(\"catalog\")\n"
                + "public final class PromotionsModule implements com.bento.Module {\n"
                + "  public String name() { return \"promotions\"; }\n"
                + "  public void routes(HttpRoutes routes, com.bento.Container c) {\n"
                + "    routes.get(\"/promotions/{sku}\", call -> HttpReply.json(200, \"{\\\"sku\\\":\\\"\" + call.pathParam(\"sku\")"
                + " + \"\\\",\\\"off_percent\\\":" + version + "}\"));\n"
                + "  }\n"
                + "}\n");
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        Process p = new ProcessBuilder(javac, "-d", classes.toString(), "--release", "17", "--module-path",
                System.getProperty("shop.modules"), src.resolveSibling("../module-info.java").normalize().toString(),
                src.resolve("PromotionsModule.java").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        Path modules = Files.createDirectories(dir.resolve("modules"));
        Path jar = modules.resolve("promotions-" + version + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            List<Path> all = new ArrayList<>(files.filter(Files::isRegularFile).toList());
            for (Path f : all) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarDroppedInTheModulesFolderIsLoadedServedReplacedAndUnloadedWithoutARestart() throws Exception {
        promotionsJar("10");
        promotionsJar("20");
        shop = Shop.launch().jvm("-Dbento.modules.dir=" + dir.resolve("modules")).start();
        assertThat(shop.send("GET", "promotions/tea", null).statusCode()).isEqualTo(404);

        HttpResponse<String> loaded = shop.send("POST", "bento/modules", "{\"paths\":[\"promotions-10.jar\"]}");
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(201);
        assertThat(shop.send("GET", "promotions/tea", null).body()).isEqualTo("{\"sku\":\"tea\",\"off_percent\":10}");

        HttpResponse<String> reloaded = shop.send("POST", "bento/modules/promotions/reload", "{\"paths\":[\"promotions-20.jar\"]}");
        assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
        assertThat(shop.send("GET", "promotions/tea", null).body()).contains("\"off_percent\":20");
        assertThat(shop.send("GET", "bento/modules", null).body()).contains("\"name\":\"promotions\"", "\"loaded\":true",
                "\"event\":\"module.loaded\"");

        HttpResponse<String> inUse = shop.send("DELETE", "bento/modules/catalog", null);
        assertThat(inUse.statusCode()).as("a module the shop started with stays").isEqualTo(404);
        assertThat(inUse.body()).contains("was started with runtime 'shop'");

        assertThat(shop.send("DELETE", "bento/modules/promotions", null).statusCode()).isEqualTo(200);
        assertThat(shop.send("GET", "promotions/tea", null).statusCode()).isEqualTo(404);
        assertThat(shop.log()).contains("Loaded module(s) [promotions]", "Unloaded module(s) [promotions]");
    }
}
