package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bento.Container;
import com.bento.LifecycleException;
import com.bento.Module;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Modules that do not depend on each other start (and stop) at the same time; a module waits for
 * every module it requires. Proved with latches that only open when two hooks run at once, and with
 * the recorded order of real events.
 */
class ParallelStartTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A module whose hooks record begin and end, and can wait on a latch or fail; subclasses declare @Requires. */
    private static class Node implements Module {
        private final String name;
        private final List<String> events;
        CountDownLatch rendezvous;
        long sleepMillis;
        RuntimeException failure;
        CountDownLatch stopRendezvous;

        Node(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void onStartup(Container container) throws Exception {
            events.add(name + ".start.begin");
            if (rendezvous != null) {
                rendezvous.countDown();
                if (!rendezvous.await(5, TimeUnit.SECONDS)) {
                    events.add(name + ".start.alone");
                }
            }
            Thread.sleep(sleepMillis);
            if (failure != null) {
                events.add(name + ".start.fail");
                throw failure;
            }
            events.add(name + ".start.end");
        }

        @Override
        public void onShutdown(Container container) throws Exception {
            events.add(name + ".stop.begin");
            if (stopRendezvous != null) {
                stopRendezvous.countDown();
                if (!stopRendezvous.await(5, TimeUnit.SECONDS)) {
                    events.add(name + ".stop.alone");
                }
            }
            events.add(name + ".stop.end");
        }
    }

    @com.bento.Requires({"a", "b"})
    private static final class NeedsAB extends Node {
        NeedsAB(String name, List<String> events) {
            super(name, events);
        }
    }

    @com.bento.Requires("base")
    private static final class NeedsBase extends Node {
        NeedsBase(String name, List<String> events) {
            super(name, events);
        }
    }

    @com.bento.Requires("failing")
    private static final class NeedsFailing extends Node {
        NeedsFailing(String name, List<String> events) {
            super(name, events);
        }
    }

    private BentoRuntime runtime(boolean parallel, Node... nodes) {
        return BentoRuntime.builder().withConfig("graph", "test").withListenerDiscovery(false).withParallelStart(parallel)
                .withHookTimeout(Duration.ofSeconds(10)).withModules(nodes).build();
    }

    private int at(String event) {
        int i = events.indexOf(event);
        assertThat(i).as("%s in %s", event, events).isNotNegative();
        return i;
    }

    @Test
    void twoIndependentHooksOverlapAndTheModuleRequiringBothWaitsForBoth() {
        Node a = new Node("a", events);
        Node b = new Node("b", events);
        Node c = new NeedsAB("c", events);
        CountDownLatch both = new CountDownLatch(2);
        a.rendezvous = both;
        b.rendezvous = both;
        a.sleepMillis = 300;
        b.sleepMillis = 300; // the two 300 ms hooks of the issue; the latch, not the clock, proves they overlap
        BentoRuntime rt = runtime(true, a, b, c);

        rt.start();

        assertThat(events).as("each waited for the other: they ran at the same time").doesNotContain("a.start.alone", "b.start.alone");
        assertThat(at("c.start.begin")).as("c begins after both ended").isGreaterThan(at("a.start.end")).isGreaterThan(at("b.start.end"));
        StartupMetrics metrics = rt.startupMetrics();
        assertThat(metrics.criticalPath()).as("c and whichever of a, b ended last; %s", metrics.timeline())
                .hasSize(2).endsWith("c");
        assertThat(metrics.timeline()).filteredOn(s -> s.phase().equals("startup") && !s.module().isEmpty())
                .extracting(StartupMetrics.Step::module).containsExactlyInAnyOrder("a", "b", "c");
        rt.close();
    }

    @Test
    void withParallelStartOffTheHooksRunOneByOneInStartOrder() {
        Node a = new Node("a", events);
        Node b = new Node("b", events);
        CountDownLatch both = new CountDownLatch(2);
        a.rendezvous = both;
        BentoRuntime rt = BentoRuntime.builder().withConfig("graph", "test").withListenerDiscovery(false)
                .withParallelStart(false).withHookTimeout(Duration.ofSeconds(10)).withModules(a, b).build();
        rt.start();
        assertThat(events).containsExactly("a.start.begin", "a.start.alone", "a.start.end", "b.start.begin", "b.start.end");
        rt.close();
    }

    @Test
    void aFailureStopsExactlyTheStartedModulesDependentsFirstAndNeverStartsTheRest() {
        Node base = new Node("base", events);
        Node slowSibling = new NeedsBase("sibling", events);
        Node failing = new NeedsBase("failing", events);
        Node afterFailing = new NeedsFailing("after", events);
        slowSibling.sleepMillis = 200;
        failing.failure = new IllegalStateException("no license");
        BentoRuntime rt = runtime(true, base, slowSibling, failing, afterFailing);

        Throwable thrown = catchThrowable(rt::start);

        assertThat(thrown).isInstanceOf(LifecycleException.class).hasMessageStartingWith("Module 'failing' failed in"
                + " onStartup (startup phase): java.lang.IllegalStateException: no license. Modules already started were"
                + " stopped in reverse order: sibling, base.");
        assertThat(events).as("the module after the failing one never starts").doesNotContain("after.start.begin")
                .as("the failing one is not stopped").doesNotContain("failing.stop.begin");
        assertThat(at("sibling.start.end")).as("the sibling running at the time finished").isLessThan(at("sibling.stop.begin"));
        assertThat(at("sibling.stop.end")).as("dependents stop before what they require").isLessThan(at("base.stop.begin"));
    }

    @Test
    void independentModulesStopAtTheSameTimeAndBeforeWhatTheyRequire() {
        Node base = new Node("base", events);
        Node x = new NeedsBase("x", events);
        Node y = new NeedsBase("y", events);
        CountDownLatch both = new CountDownLatch(2);
        x.stopRendezvous = both;
        y.stopRendezvous = both;
        BentoRuntime rt = runtime(true, base, x, y);
        rt.start();
        rt.close();
        assertThat(events).doesNotContain("x.stop.alone", "y.stop.alone");
        assertThat(at("base.stop.begin")).isGreaterThan(at("x.stop.end")).isGreaterThan(at("y.stop.end"));
    }
}
