package com.bento.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceDeclarationProcessorTest {

    @TempDir
    Path tmp;

    private static final String MODULE_CLASS = "package shop.catalog;\n"
            + "public final class CatalogModule implements com.bento.Module { }\n";
    private static final String OTHER_CLASS = "package shop.catalog;\n"
            + "public final class ReportsModule implements com.bento.Module { }\n";

    /** Compiles with the processor, the services file put in the output first as the build's resource step does. */
    private List<String> compile(String moduleInfo, String servicesFile) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/shop/catalog"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("src/module-info.java"), moduleInfo);
        Files.writeString(src.resolve("CatalogModule.java"), MODULE_CLASS);
        Files.writeString(src.resolve("ReportsModule.java"), OTHER_CLASS);
        if (servicesFile != null) {
            Path services = Files.createDirectories(out.resolve("META-INF/services")).resolve("com.bento.Module");
            Files.writeString(services, servicesFile);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = new ArrayList<>(List.of("-d", out.toString(), "--release", "17",
                    "--module-path", apiModulePath()));
            var units = files.getJavaFileObjects(tmp.resolve("src/module-info.java"), src.resolve("CatalogModule.java"),
                    src.resolve("ReportsModule.java"));
            JavaCompiler.CompilationTask task = javac.getTask(new StringWriter(), files, diagnostics, options, null, units);
            task.setProcessors(List.of(new ServiceDeclarationProcessor()));
            task.call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).toList();
    }

    private static String moduleInfo(String provides) {
        return "module shop.catalog { requires bento.runtime.api; " + provides + " }";
    }

    @Test
    void matchingDeclarationsCompile() throws IOException {
        assertThat(compile(moduleInfo("provides com.bento.Module with shop.catalog.CatalogModule, shop.catalog.ReportsModule;"),
                "# the shop's modules\nshop.catalog.ReportsModule\n\nshop.catalog.CatalogModule  # catalog\n")).isEmpty();
    }

    private String generatedFile() throws IOException {
        return Files.readString(tmp.resolve("out/META-INF/services/com.bento.Module"));
    }

    @Test
    void withoutAServicesFileTheProcessorWritesItFromProvides() throws IOException {
        assertThat(compile(moduleInfo("provides com.bento.Module with shop.catalog.ReportsModule, shop.catalog.CatalogModule;"),
                null)).isEmpty();
        assertThat(generatedFile()).isEqualTo(ServiceDeclarationProcessor.MARK + "\n"
                + "shop.catalog.ReportsModule\nshop.catalog.CatalogModule\n");
    }

    @Test
    void aGeneratedFileFollowsTheProvidesOfTheNextCompilation() throws IOException {
        assertThat(compile(moduleInfo("provides com.bento.Module with shop.catalog.CatalogModule, shop.catalog.ReportsModule;"),
                null)).isEmpty();
        assertThat(compile(moduleInfo("provides com.bento.Module with shop.catalog.CatalogModule;"), null))
                .as("the file left by the first compilation is the processor's, not a disagreeing hand-kept one").isEmpty();
        assertThat(generatedFile()).isEqualTo(ServiceDeclarationProcessor.MARK + "\nshop.catalog.CatalogModule\n");
        assertThat(compile(moduleInfo(""), null)).as("provides removed").isEmpty();
        assertThat(generatedFile()).isEqualTo(ServiceDeclarationProcessor.MARK + "\n");
    }

    @Test
    void disagreeingDeclarationsFailTheBuildAndSayWhatToAdd() throws IOException {
        assertThat(compile(moduleInfo("provides com.bento.Module with shop.catalog.CatalogModule;"),
                "shop.catalog.ReportsModule\n"))
                .containsExactly("Module shop.catalog declares com.bento.Module differently in its two places:"
                        + " module-info.java 'provides' [shop.catalog.CatalogModule], META-INF/services/com.bento.Module"
                        + " [shop.catalog.ReportsModule]. Add to the services file: [shop.catalog.CatalogModule]. Add to"
                        + " 'provides' or remove from the services file: [shop.catalog.ReportsModule]. Both must list the"
                        + " same classes, or the module behaves differently on the module path and the class path.");
    }

    @Test
    void aServicesFileWithoutProvidesFailsTheBuild() throws IOException {
        assertThat(compile(moduleInfo(""), "shop.catalog.CatalogModule\n"))
                .containsExactly("META-INF/services/com.bento.Module lists [shop.catalog.CatalogModule] but"
                        + " module-info.java of module shop.catalog has no 'provides com.bento.Module'. On the module path"
                        + " the services file is ignored, so the module would not be found there. Add: provides"
                        + " com.bento.Module with shop.catalog.CatalogModule;");
    }

    @Test
    void aServicesFileNamingAnUnknownClassFailsTheBuild() throws IOException {
        assertThat(compile(moduleInfo("provides com.bento.Module with shop.catalog.CatalogModule;"),
                "shop.catalog.CatalogModule\nshop.catalog.Gone\n"))
                .contains("META-INF/services/com.bento.Module names shop.catalog.Gone, which this module does not"
                        + " contain. Fix the class name in the services file.");
    }

    /** bento.runtime.api and JSpecify, which the test has on its class path (the processor itself reads neither). */
    private static String apiModulePath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("bento.runtime.api") || e.contains("bento-runtime-api") || e.contains("jspecify"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
