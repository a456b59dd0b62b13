package com.bento.data;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Migrations folders inside application modules linked into the Java run-time image with jlink
 * ({@code jrt:} modules). There a class loader finds a module's files but not its folders, so
 * {@code getResources("META-INF/bento/migrations/<module>")} shows nothing and Flyway, which scans
 * what the class loader shows, finds no script: without this, such a module would start with its
 * tables missing. The image's own file system ({@code jrt:/modules/<module>/...}) does show folders.
 */
final class LinkedImage {
    private LinkedImage() {
    }

    /**
     * The location in each linked application module of the boot layer that holds it as a folder,
     * as {@code jrt:/<module>/<location>} URLs, in module name order; empty when none does (always, on
     * a launch whose application modules are all on the module or class path). The JDK's own modules
     * (defined to the boot or platform class loader) are not looked into.
     */
    static List<URL> folders(String location) {
        List<String> linked = new ArrayList<>();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (Module module : ModuleLayer.boot().modules()) {
            ClassLoader loader = module.getClassLoader();
            if (loader == null || loader == platform) {
                continue;
            }
            Optional<java.lang.module.ResolvedModule> resolved = ModuleLayer.boot().configuration().findModule(module.getName());
            Optional<URI> where = resolved.isPresent() ? resolved.get().reference().location() : Optional.empty();
            if (where.isPresent() && "jrt".equals(where.get().getScheme())) {
                linked.add(module.getName());
            }
        }
        if (linked.isEmpty()) {
            return List.of();
        }
        java.util.Collections.sort(linked);
        FileSystem image = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<URL> found = new ArrayList<>();
        for (String module : linked) {
            if (Files.isDirectory(image.getPath("/modules", module, location))) {
                try {
                    found.add(URI.create("jrt:/" + module + "/" + location).toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("jrt: URLs are supported by every Java run-time image", e);
                }
            }
        }
        return found;
    }

    /**
     * Adds every file under a {@code jrt:} folder to {@code files}, by name relative to it;
     * {@code false} when another root holds a different file under one of those names.
     */
    static boolean list(URL root, Map<String, byte[]> files) throws IOException {
        Path dir = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules" + root.getPath());
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + root + " in the run-time image");
        }
        return walk(dir, dir, files);
    }

    private static boolean walk(Path top, Path dir, Map<String, byte[]> files) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    if (!walk(top, entry, files)) {
                        return false;
                    }
                } else if (!SchemaState.add(files, top.relativize(entry).toString(), Files.readAllBytes(entry))) {
                    return false;
                }
            }
        }
        return true;
    }
}
