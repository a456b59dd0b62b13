package com.bento.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs one hook per node of a dependency graph, each as soon as the nodes it waits for have finished,
 * at most {@code parallelism} at once, each under its own time limit. The calling thread coordinates:
 * it hands ready nodes to worker threads, collects what finished, and abandons (interrupts) a hook past
 * its limit, after which the nodes waiting for it proceed. With a parallelism of 1 the hooks run one
 * after the other in priority order, which for a topological order is that order.
 *
 * <p>Ready nodes go by priority (smaller first), so among nodes ready at once the result does not
 * depend on timing more than it must. With {@code stopOnFailure}, a hook's failure (not a timeout)
 * stops new hooks from being handed out; the ones running finish or time out.
 */
final class HookGraph {

    /** A hook's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** What happens around each hook: told on the worker before the body, and on the coordinator after. */
    interface Observer {
        void started(int node);

        void finished(int node, Outcome outcome);
    }

    /**
     * How a hook ended.
     *
     * @param failure null on success; a {@link TimeoutException} when abandoned
     * @param timedOut whether it was abandoned past its limit
     * @param begin {@link System#nanoTime()} when it began
     * @param nanos how long it ran, or until it was abandoned
     */
    record Outcome(@Nullable Throwable failure, boolean timedOut, long begin, long nanos) {
        boolean ok() {
            return failure == null;
        }

        HookRunner.Result asResult() {
            return new HookRunner.Result(failure, timedOut, nanos);
        }
    }

    private record Finished(int node, @Nullable Throwable failure, long end) {
    }

    private HookGraph() {
    }

    /**
     * @param bodies one hook per node
     * @param waitsFor for each node, the nodes that must finish before it starts
     * @param priority orders ready nodes, smaller first
     * @param labels each hook's name, for the timeout's message
     * @return each node's outcome; null for a node that never ran (after a failure, with stopOnFailure)
     */
    static Outcome[] run(List<Body> bodies, int[][] waitsFor, Comparator<Integer> priority, List<String> labels,
                         int parallelism, Duration timeout, boolean stopOnFailure, String threadPrefix, Observer observer) {
        int n = bodies.size();
        Outcome[] outcomes = new Outcome[n];
        int[] waiting = new int[n];
        List<List<Integer>> releases = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            releases.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            waiting[i] = waitsFor[i].length;
            for (int before : waitsFor[i]) {
                releases.get(before).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(priority);
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadPrefix + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Finished> done = new LinkedBlockingQueue<>();
        Map<Integer, Future<?>> running = new HashMap<>();
        long[] deadlines = new long[n];
        // when each body began on its worker: what durations and offsets are measured from
        java.util.concurrent.atomic.AtomicLongArray begins = new java.util.concurrent.atomic.AtomicLongArray(n);
        boolean stopped = false;
        try {
            while (true) {
                while (!stopped && running.size() < parallelism && !ready.isEmpty()) {
                    int node = ready.poll();
                    long submitted = System.nanoTime();
                    begins.set(node, submitted);
                    deadlines[node] = submitted + timeout.toNanos();
                    Body body = bodies.get(node);
                    running.put(node, pool.submit(() -> {
                        Throwable failure = null;
                        begins.set(node, System.nanoTime());
                        try {
                            observer.started(node);
                            body.run();
                        } catch (Throwable t) {
                            failure = t;
                        }
                        done.add(new Finished(node, failure, System.nanoTime()));
                    }));
                }
                if (running.isEmpty()) {
                    break;
                }
                long nearest = Long.MAX_VALUE;
                for (int node : running.keySet()) {
                    nearest = Math.min(nearest, deadlines[node]);
                }
                Finished f = done.poll(Math.max(0, nearest - System.nanoTime()), TimeUnit.NANOSECONDS);
                List<Integer> ended = new ArrayList<>();
                if (f != null) {
                    if (running.remove(f.node) != null) { // else it finished after it was abandoned
                        outcomes[f.node] = new Outcome(f.failure, false, begins.get(f.node), f.end - begins.get(f.node));
                        ended.add(f.node);
                    }
                } else {
                    long now = System.nanoTime();
                    for (Integer node : List.copyOf(running.keySet())) {
                        if (deadlines[node] <= now) {
                            running.remove(node).cancel(true);
                            outcomes[node] = new Outcome(new TimeoutException(labels.get(node) + " did not finish within "
                                    + timeout + " and was abandoned"), true, begins.get(node), now - begins.get(node));
                            ended.add(node);
                        }
                    }
                }
                for (int node : ended) {
                    Outcome outcome = outcomes[node];
                    observer.finished(node, outcome);
                    if (stopOnFailure && !outcome.ok() && !outcome.timedOut()) {
                        stopped = true;
                    }
                    for (int next : releases.get(node)) {
                        if (--waiting[next] == 0) {
                            ready.add(next);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long now = System.nanoTime();
            for (Map.Entry<Integer, Future<?>> r : running.entrySet()) {
                r.getValue().cancel(true);
                outcomes[r.getKey()] = new Outcome(e, false, begins.get(r.getKey()), now - begins.get(r.getKey()));
                observer.finished(r.getKey(), outcomes[r.getKey()]);
            }
        } finally {
            pool.shutdownNow(); // a hook abandoned past its limit is interrupted once more, then left behind
        }
        return outcomes;
    }
}
