package com.bento.runtime.micronaut;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Launches a test main class in a child JVM, on the module path as the tests run, and collects its output lines. */
final class ChildJvm implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm of(Process process) {
        return new ChildJvm(process);
    }

    /** The main class runs in module bento.runtime.micronaut, patched with the test classes, like the tests themselves. */
    static ChildJvm onModulePath(Class<?> main) throws Exception {
        Path testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java,
                "--module-path", System.getProperty("jdk.module.path"),
                "--class-path", System.getProperty("java.class.path", ""),
                "--patch-module", "bento.runtime.micronaut=" + testClasses,
                "--add-reads", "bento.runtime.micronaut=ALL-UNNAMED,bento.runtime.data",
                "--add-modules", "ALL-MODULE-PATH",
                "-m", "bento.runtime.micronaut/" + main.getName()));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** The main class on the class path only: every jar and folder of the test's module path and class path. */
    static ChildJvm onClassPath(Class<?> main, String... props) throws Exception {
        Path testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        String cp = String.join(File.pathSeparator, testClasses.toString(), System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp));
        cmd.addAll(List.of(props));
        cmd.add(main.getName());
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Waits for a line starting with the prefix and returns the rest of it. */
    String await(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l.substring(prefix.length()).trim();
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("child never printed '" + prefix + "'; output:\n" + String.join("\n", lines));
    }

    /** Waits for the child to exit and for its output to be read to the end; returns the exit status. */
    int exit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("child still running after " + seconds + " s; output:\n" + String.join("\n", lines));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    List<String> events() {
        return lines.stream().filter(l -> l.startsWith("EVENT ")).map(l -> l.substring(6)).toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
