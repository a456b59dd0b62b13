package shop.image;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Prepares every jar of the sample's module path to be linked into one run-time image: jlink takes
 * explicit modules only, and Micronaut, Netty, OpenTelemetry, HikariCP and others ship as automatic
 * ones. Each automatic jar gets a module descriptor: {@code jdeps --generate-module-info} works out
 * its {@code requires} and {@code exports}; it is made {@code open} (reflection keeps working as on the
 * module path); and it gets a {@code uses} for every service type it can read that one of these jars
 * defines, since jdeps does not infer {@code uses} and an explicit module may load only the services it
 * declares. Exports of packages and provides of services that are not there (jdeps writes a few) are
 * dropped as javac reports them.
 *
 * <p>Run by {@code jlink/build-image.sh} with the JDK that builds the image, as a source file:
 * {@code java jlink/src/main/java/shop/image/LinkAll.java <module folder> <work folder>}. It writes
 * {@code <work>/linked/*.jar}, the jars to link, and {@code <work>/roots.txt}, the modules to name to
 * jlink and at launch (comma-separated): all of them, as {@code --add-modules ALL-MODULE-PATH} did on the
 * module path, since nothing {@code requires} some that Micronaut needs (its serde, for one).
 */
public final class LinkAll {
    /** Compile-time only: Caffeine {@code requires static} it, and it would pull java.compiler into the image. */
    private static final Set<String> NOT_LINKED = Set.of("com.google.errorprone.annotations", "org.jspecify");
    /** Services an automatic jar loads that no jar here provides, so nothing else names them. */
    private static final Map<String, List<String>> EXTRA_USES = Map.of(
            "io.micronaut.micronaut_core", List.of("io.micronaut.core.optim.StaticOptimizations.Loader"));
    private static final Pattern EXPORTS = Pattern.compile("exports\\s+([\\w.]+);");
    private static final Pattern REQUIRES = Pattern.compile("requires\\s+(?:transitive\\s+|static\\s+)*([\\w.]+);");
    private static final Pattern PROVIDES = Pattern.compile("provides\\s+([\\w.$]+)\\s+with");

    private LinkAll() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LinkAll <module folder> <work folder> <JDK modules of the image, comma-separated>");
            System.exit(2);
        }
        Path modules = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Set<String> jdk = jdkClosure(List.of(args[2].split(",")));
        if (!Files.isDirectory(modules)) {
            fail("no module folder " + modules + ": build the sample first (mvn -q install -DskipTests)");
        }
        deleteTree(work);
        Path linked = Files.createDirectories(work.resolve("linked"));

        Map<String, Path> explicit = new TreeMap<>();
        Map<String, Path> automatic = new TreeMap<>();
        List<ModuleDescriptor> named = new ArrayList<>();
        for (Path jar : list(modules)) {
            ModuleDescriptor d = descriptor(jar);
            if (NOT_LINKED.contains(d.name())) {
                continue;
            }
            (d.isAutomatic() ? automatic : explicit).put(d.name(), jar);
            if (!d.isAutomatic()) {
                named.add(d);
            }
        }
        for (Path jar : explicit.values()) {
            Files.copy(jar, linked.resolve(jar.getFileName()));
        }

        Path generated = work.resolve("generated");
        List<String> jdeps = new ArrayList<>(List.of("--ignore-missing-deps", "--multi-release",
                String.valueOf(Runtime.version().feature()), "--module-path", path(explicit.values(), automatic.values()),
                "--generate-module-info", generated.toString()));
        automatic.values().forEach(j -> jdeps.add(j.toString()));
        run("jdeps", jdeps);

        Map<String, String> info = new TreeMap<>();
        for (String name : automatic.keySet()) {
            try (Stream<Path> files = Files.walk(generated.resolve(name))) {
                Path file = files.filter(p -> p.getFileName().toString().equals("module-info.java")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("jdeps wrote no module-info.java for " + name));
                info.put(name, Files.readString(file));
            }
        }

        Set<String> services = new TreeSet<>();
        Set<String> classes = new TreeSet<>();
        for (Path jar : concat(explicit.values(), automatic.values())) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    String entry = e.nextElement().getName();
                    if (entry.startsWith("META-INF/services/") && !entry.endsWith("/")) {
                        services.add(entry.substring("META-INF/services/".length()));
                    } else if (entry.endsWith(".class")) {
                        // every jar's, named modules' too: a service type an automatic jar looks for may live in
                        // one (Flyway finds SLF4J's org.slf4j.spi.SLF4JServiceProvider through ServiceLoader and,
                        // without the uses, falls back to java.util.logging)
                        classes.add(entry.substring(0, entry.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        info.values().forEach(text -> services.addAll(all(PROVIDES, text)));
        Map<String, Set<String>> exports = new LinkedHashMap<>();
        info.forEach((name, text) -> exports.put(name, all(EXPORTS, text)));
        for (ModuleDescriptor d : named) {
            exports.put(d.name(), d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        }

        for (Map.Entry<String, String> module : info.entrySet()) {
            String name = module.getKey();
            Set<String> readable = new TreeSet<>(exports.get(name));
            for (String required : all(REQUIRES, module.getValue())) {
                readable.addAll(exports.getOrDefault(required, Set.of()));
            }
            Set<String> uses = new TreeSet<>(EXTRA_USES.getOrDefault(name, List.of()));
            for (String service : services) {
                String outer = service.split("\\$")[0];
                int dot = outer.lastIndexOf('.');
                if (dot > 0 && readable.contains(outer.substring(0, dot)) && classes.contains(outer)) {
                    uses.add(service.replace('$', '.'));
                }
            }
            String text = trimmed(module.getValue(), jdk).replaceFirst("module " + Pattern.quote(name), "open module " + name).strip();
            StringBuilder body = new StringBuilder(text.substring(0, text.lastIndexOf('}')));
            uses.forEach(u -> body.append("    uses ").append(u).append(";\n"));
            body.append("}\n");
            Path jar = automatic.get(name);
            Path classesOut = work.resolve("classes").resolve(name);
            compile(name, body.toString(), jar, work.resolve("src").resolve(name), classesOut,
                    path(concat(explicit.values(), automatic.values()).stream().filter(j -> !j.equals(jar)).toList()));
            Path target = linked.resolve(jar.getFileName());
            Files.copy(jar, target);
            run("jar", List.of("--update", "--file", target.toString(), "-C", classesOut.toString(), "module-info.class"));
        }

        List<String> roots = new ArrayList<>();
        for (Path jar : list(linked)) {
            roots.add(descriptor(jar).name());
        }
        Files.writeString(work.resolve("roots.txt"), String.join(",", roots));
        System.out.println(automatic.size() + " automatic jars given descriptors, " + roots.size() + " modules to link");
    }

    /**
     * The descriptor with each {@code requires} of a JDK module the image leaves out made {@code static}:
     * jdeps asks for every module any class of the jar refers to (H2's tools want java.desktop and
     * java.compiler, for one), and on the module path the sample ran without them, the JDK of its image
     * having none of those modules.
     */
    private static String trimmed(String text, Set<String> jdk) {
        Matcher m = Pattern.compile("requires\\s+((?:transitive\\s+)?)([\\w.]+);").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String module = m.group(2);
            boolean leftOut = ModuleFinder.ofSystem().find(module).isPresent() && !jdk.contains(module);
            m.appendReplacement(out, Matcher.quoteReplacement(leftOut ? "requires static " + m.group(1) + module + ";" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The JDK modules named, with every module they require, as jlink would link them. */
    private static Set<String> jdkClosure(List<String> named) {
        Set<String> closure = new TreeSet<>();
        List<String> todo = new ArrayList<>(named);
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (closure.add(name)) {
                ModuleDescriptor d = ModuleFinder.ofSystem().find(name).orElseThrow(() -> new IllegalStateException(
                        "no JDK module " + name + " in " + System.getProperty("java.home"))).descriptor();
                d.requires().forEach(r -> todo.add(r.name()));
            }
        }
        return closure;
    }

    /** Compiles the descriptor against the jar, dropping what javac says is not there; fails after four tries. */
    private static void compile(String name, String body, Path jar, Path src, Path out, String modulePath) throws IOException {
        Path file = Files.createDirectories(src).resolve("module-info.java");
        String text = body;
        String errors = "";
        for (int attempt = 0; attempt < 4; attempt++) {
            Files.writeString(file, text);
            StringWriter err = new StringWriter();
            int rc = tool("javac").run(new PrintWriter(System.out), new PrintWriter(err), "-nowarn", "--module-path",
                    modulePath, "--patch-module", name + "=" + jar, "-d", out.toString(), file.toString());
            if (rc == 0) {
                return;
            }
            errors = err.toString();
            for (String pkg : all(Pattern.compile("package is empty or does not exist: ([\\w.]+)"), errors)) {
                text = text.replace("    exports " + pkg + ";\n", "");
            }
            for (String pkg : all(Pattern.compile("package ([\\w.]+) does not exist"), errors)) {
                text = text.replaceAll("    provides " + Pattern.quote(pkg) + "\\.[\\w.$]+ with[^;]*;\n", "");
            }
        }
        fail("the descriptor generated for " + name + " (" + jar.getFileName() + ") does not compile:\n" + errors);
    }

    private static ModuleDescriptor descriptor(Path jar) {
        Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
        if (found.size() != 1) {
            fail(jar + " is not a module (" + found.size() + " found in it)");
        }
        return found.iterator().next().descriptor();
    }

    private static void run(String name, List<String> args) {
        StringWriter out = new StringWriter();
        int rc = tool(name).run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        if (rc != 0) {
            fail(name + " " + String.join(" ", args) + " failed (" + rc + "):\n" + out);
        }
    }

    private static ToolProvider tool(String name) {
        return ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(
                "no " + name + " in " + System.getProperty("java.home") + ": run this with a JDK, not a JRE"));
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    @SafeVarargs
    private static List<Path> concat(java.util.Collection<Path>... parts) {
        List<Path> all = new ArrayList<>();
        for (java.util.Collection<Path> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    @SafeVarargs
    private static String path(java.util.Collection<Path>... parts) {
        return concat(parts).stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void fail(String message) {
        System.err.println("LinkAll: " + message);
        System.exit(1);
    }
}
