package com.bento.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs module hooks one at a time on a worker thread, each under a time limit. A hook that
 * outlives its limit is interrupted and abandoned with its thread; the next hook gets a fresh
 * worker, so one hanging module cannot hold up the others.
 */
final class HookRunner implements AutoCloseable {

    /** A hook body. */
    @FunctionalInterface
    interface Hook {
        void run() throws Exception;
    }

    /** How a hook ended: {@code failure} is null on success, a {@link TimeoutException} when abandoned. */
    record Result(@Nullable Throwable failure, boolean timedOut, long nanos) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Object lock = new Object();
    private final String threadPrefix;
    private @Nullable ExecutorService worker;
    private int workers;

    HookRunner(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    Result run(String label, Hook hook, Duration timeout) {
        ExecutorService executor = worker();
        long begin = System.nanoTime();
        Future<?> future = executor.submit(() -> {
            hook.run();
            return null;
        });
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Result(null, false, System.nanoTime() - begin);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Result(cause, false, System.nanoTime() - begin);
        } catch (TimeoutException e) {
            future.cancel(true);
            abandon(executor);
            TimeoutException timedOut = new TimeoutException(label + " did not finish within " + timeout
                    + " and was abandoned");
            return new Result(timedOut, true, System.nanoTime() - begin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            abandon(executor);
            return new Result(e, false, System.nanoTime() - begin);
        }
    }

    private ExecutorService worker() {
        synchronized (lock) {
            if (worker == null) {
                String name = threadPrefix + "-" + (++workers);
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
            return worker;
        }
    }

    private void abandon(ExecutorService executor) {
        synchronized (lock) {
            if (worker == executor) {
                worker = null;
            }
        }
        executor.shutdownNow();
    }

    @Override
    public void close() {
        ExecutorService executor;
        synchronized (lock) {
            executor = worker;
            worker = null;
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
