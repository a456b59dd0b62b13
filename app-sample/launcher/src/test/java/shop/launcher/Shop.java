package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The sample shop as a child JVM, launched as {@code app-sample/run.sh} launches it: its modules on
 * the module path, the launcher that names no module, in a working folder of its own (where the
 * embedded database keeps its file). Collects every line the process prints.
 */
final class Shop implements AutoCloseable {
    private static final String SERVING = "Bento 'shop' serving on ";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private URI base;

    private Shop(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("READ FAILED " + e);
            }
        }, "shop-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** How to launch a shop. */
    static final class Launch {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvm = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Path dir;

        Launch env(String key, String value) {
            env.put(key, value);
            return this;
        }

        Launch jvm(String option) {
            jvm.add(option);
            return this;
        }

        Launch arg(String arg) {
            args.add(arg);
            return this;
        }

        /** The working folder; a new temporary one by default. */
        Launch in(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Starts the process; does not wait for it to serve. */
        Shop spawn() throws IOException {
            Path work = dir != null ? dir : Files.createTempDirectory("shop-");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "--module-path", System.getProperty("shop.modules"),
                    "--add-modules", "ALL-MODULE-PATH,jdk.jfr,jdk.zipfs", "-Dbento.service-name=shop"));
            if (!env.containsKey("BENTO_CONTRACTS")) {
                cmd.add("-Dbento.contracts=" + System.getProperty("shop.contracts"));
            }
            cmd.addAll(jvm);
            cmd.addAll(List.of("-m", "bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut",
                    "-micronaut.server.port=0"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("BENTO_") || k.startsWith("OTEL_") || k.startsWith("DATABASE"));
            pb.environment().putAll(env);
            return new Shop(pb.start());
        }

        /** Starts the process and waits until it serves. */
        Shop start() throws Exception {
            Shop shop = spawn();
            shop.awaitServing(90);
            return shop;
        }
    }

    static Launch launch() {
        return new Launch();
    }

    void awaitServing(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (base == null && System.nanoTime() < deadline && process.isAlive()) {
            for (String line : output) {
                if (line.startsWith(SERVING)) {
                    base = URI.create(line.substring(SERVING.length()).trim() + "/");
                }
            }
            Thread.sleep(20);
        }
        assertThat(base).as("the shop started; output:\n%s", log()).isNotNull();
    }

    URI base() {
        return base;
    }

    HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json, Map.of());
    }

    HttpResponse<String> send(String method, String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends SIGTERM and returns how long the process took to exit, in milliseconds. */
    long terminate(long seconds) throws InterruptedException {
        long begin = System.nanoTime();
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output pipe
        awaitExit(seconds);
        return (System.nanoTime() - begin) / 1_000_000;
    }

    /** kill -9: no hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        awaitExit(30);
    }

    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the shop still runs after " + seconds + " s; output:\n" + log());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    String log() {
        return String.join("\n", output);
    }

    static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]*)\".*", "$1");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
