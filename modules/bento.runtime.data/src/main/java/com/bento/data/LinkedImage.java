package com.bento.data;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Migrations folders inside application modules linked into the Java run-time image with jlink
 * ({@code jrt:} modules). There a class loader finds a module's files but not its folders, so
 * {@code getResources("META-INF/bento/migrations/<module>")} shows nothing, and a scan of what the
 * class loader shows (Flyway's, say) finds no script: without this, such a module would start with
 * its tables missing. The folder is looked for in the JPMS module that defines the Bento module's class,
 * through that module's own reader (which lists the image's entries without the image's file system).
 */
final class LinkedImage {
    private LinkedImage() {
    }

    /**
     * The location as a {@code jrt:/<module>/<location>} URL when {@code module} is linked into the
     * run-time image; empty otherwise (always, for a module on the module or class path, or in a layer
     * of its own). Whether the folder holds anything is for {@link #list} to tell.
     */
    static Optional<URL> root(Module module, String location) {
        boolean linked = module.getLayer() == ModuleLayer.boot() && linked(module.getName()).isPresent();
        return linked ? Optional.of(url(module.getName(), location)) : Optional.empty();
    }

    /**
     * Adds every file under a {@code jrt:} folder to {@code files}, by name relative to it;
     * {@code false} when another root holds a different file under one of those names.
     *
     * @throws IOException when the URL names no module of the image, or a file cannot be read
     */
    static boolean list(URL root, Map<String, byte[]> files) throws IOException {
        String path = root.getPath(); // /<module>/<location>
        int slash = path.indexOf('/', 1);
        Optional<ResolvedModule> linked = slash < 0 ? Optional.empty() : linked(path.substring(1, slash));
        if (linked.isEmpty()) {
            throw new IOException("no module of the run-time image holds " + root);
        }
        String prefix = path.substring(slash + 1) + "/";
        try (ModuleReader reader = linked.get().reference().open(); Stream<String> names = reader.list()) {
            for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
                String name = it.next();
                if (!name.startsWith(prefix) || name.endsWith("/")) {
                    continue;
                }
                Optional<InputStream> in = reader.open(name);
                if (in.isEmpty()) {
                    throw new IOException(name + " is listed in " + root + " but cannot be opened");
                }
                try (InputStream stream = in.get()) {
                    if (!SchemaState.add(files, name.substring(prefix.length()), stream.readAllBytes())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The module of the boot layer by that name, when it is linked into the run-time image. */
    private static Optional<ResolvedModule> linked(String name) {
        Optional<ResolvedModule> resolved = ModuleLayer.boot().configuration().findModule(name);
        if (resolved.isPresent()) {
            Optional<URI> where = resolved.get().reference().location();
            if (where.isPresent() && "jrt".equals(where.get().getScheme())) {
                return resolved;
            }
        }
        return Optional.empty();
    }

    private static URL url(String module, String location) {
        try {
            return URI.create("jrt:/" + module + "/" + location).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("jrt: URLs are supported by every Java run-time image", e);
        }
    }
}
