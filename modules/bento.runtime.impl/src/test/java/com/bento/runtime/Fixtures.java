package com.bento.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles small Bento modules at test time, so that discovery is tested against real JPMS
 * modules in their own layer and real class-path jars, not classes of the test itself.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Where bento.runtime.api was loaded from: its classes folder or jar. */
    static Path apiLocation() {
        URI uri = ModuleLayer.boot().configuration().findModule("bento.runtime.api").orElseThrow()
                .reference().location().orElseThrow();
        return Path.of(uri);
    }

    /**
     * Compiles one module into {@code out}.
     *
     * @param sources relative path to source text, module-info.java included when wanted
     * @param resources relative path to content of extra files (META-INF/services, say)
     */
    static Path compile(Path out, Map<String, String> sources, Map<String, String> resources) {
        return compile(out, sources, resources, new Path[0]);
    }

    /** As {@link #compile(Path, Map, Map)}, with more modules to compile against (fixtures compiled before). */
    static Path compile(Path out, Map<String, String> sources, Map<String, String> resources, Path... modulePath) {
        try {
            Path src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src"));
            Files.createDirectories(out);
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent() == null ? src : file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                Path file = out.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            boolean modular = sources.containsKey("module-info.java");
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-proc:none"));
            // the test's own module path holds bento.runtime.api and what it reads (JSpecify)
            String path = System.getProperty("jdk.module.path", apiLocation().toString());
            for (Path extra : modulePath) {
                path = path + java.io.File.pathSeparator + extra;
            }
            args.addAll(List.of(modular ? "--module-path" : "--class-path", path));
            args.addAll(files);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.StringWriter err = new java.io.StringWriter();
            int rc = javac.run(null, null, new java.io.PrintStream(new java.io.ByteArrayOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) {
                    err.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
                }
            }, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("fixture did not compile:\n" + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module class source: {@code package pkg; @Requires(...) public final class Type implements Module}. */
    static String moduleClass(String pkg, String type, String requires, String body) {
        return "package " + pkg + ";\n"
                + "import com.bento.Module;\nimport com.bento.Requires;\nimport com.bento.Container;\n"
                + (requires.isEmpty() ? "" : "@Requires({" + requires + "})\n")
                + "public final class " + type + " implements Module {\n" + body + "\n}\n";
    }

    /** A layer on top of the boot layer holding the modules found in {@code dirs}. */
    static ModuleLayer layer(Set<String> roots, Path... dirs) {
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolveAndBind(ModuleFinder.of(dirs), ModuleFinder.of(), roots);
        return boot.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }
}
