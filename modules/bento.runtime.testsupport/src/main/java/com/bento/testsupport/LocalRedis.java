package com.bento.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of the test's own, on a free port, without persistence: for tests that stop Redis
 * under a running application and start it again. When redis-server cannot be run, the test is skipped
 * with the reason (or fails under {@code CI=true}, see {@link Missing}).
 *
 * <pre>{@code
 * int port = LocalRedis.freePort();
 * Process redis = LocalRedis.start(port, tempDir);   // listening when it returns
 * ...
 * redis.destroyForcibly();                           // kill -9
 * }</pre>
 */
public final class LocalRedis {
    private LocalRedis() {
    }

    /**
     * @return a port nothing listens on right now
     * @throws IOException when no socket can be opened
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts redis-server on 127.0.0.1 and waits until it listens.
     *
     * @param port the port
     * @param dir its working folder, which also gets its log
     * @return the process
     * @throws InterruptedException when interrupted while waiting
     */
    public static Process start(int port, Path dir) throws InterruptedException {
        Process server;
        try {
            server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + System.nanoTime() + ".log").toFile()).start();
        } catch (IOException e) {
            Missing.skipOrFail("redis-server could not be run (" + e.getMessage() + ")",
                    "install it (apt-get install redis-server)", e);
            throw new AssertionError(e); // not reached: skipOrFail throws
        }
        awaitPort(port, Duration.ofSeconds(10));
        return server;
    }

    /**
     * Waits until something accepts connections on the port.
     *
     * @param port the port on 127.0.0.1
     * @param timeout how long to wait
     * @throws InterruptedException when interrupted while waiting
     */
    @SuppressWarnings("try") // connecting is the check
    public static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        throw new AssertionError("nothing listened on 127.0.0.1:" + port + " within " + timeout);
    }
}
