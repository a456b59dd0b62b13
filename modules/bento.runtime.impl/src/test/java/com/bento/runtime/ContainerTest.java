package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.bento.Container;
import com.bento.ContainerException;
import com.bento.Lifetime;
import com.bento.Scope;
import com.bento.ServiceEntry;
import com.bento.ServiceNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContainerTest {

    interface Repo {
    }

    record JdbcRepo(String table) implements Repo {
    }

    record Closer(String name, List<String> log) implements AutoCloseable {
        @Override
        public void close() {
            log.add(name);
        }
    }

    private final DefaultContainer container = new DefaultContainer();

    @Test
    void entriesKeepTheirDeclaredType() {
        container.set("catalog.repo", Repo.class, new JdbcRepo("products"));
        container.set("clock", "12:00");
        container.setFactory("lazy", Repo.class, () -> new JdbcRepo("orders"), Lifetime.TRANSIENT);

        assertThat(container.entries()).containsExactly(
                new ServiceEntry("catalog.repo", Repo.class, Lifetime.SINGLETON, false),
                new ServiceEntry("clock", String.class, Lifetime.SINGLETON, false),
                new ServiceEntry("lazy", Repo.class, Lifetime.TRANSIENT, true));
        assertThat(container.names()).containsExactly("catalog.repo", "clock", "lazy");
        assertThat(container.get("catalog.repo", Repo.class)).isEqualTo(new JdbcRepo("products"));
        assertThat(container.get(String.class)).isEqualTo("12:00");
        assertThat(container.has("clock")).isTrue();
        assertThat(container.find("nothing", String.class)).isEmpty();
        assertThat(container.find("clock", String.class)).contains("12:00");
    }

    @Test
    void aSecondEntryWithTheSameNameIsRefused() {
        container.set("cache", "first");
        assertThatThrownBy(() -> container.set("cache", Integer.class, 2)).isInstanceOf(ContainerException.class)
                .hasMessage("Service 'cache' is already registered (declared type java.lang.String); a second"
                        + " registration as java.lang.Integer was refused. Give one of them another name.");
        assertThat(container.get("cache")).isEqualTo("first");
    }

    @Test
    void anUnknownNameSaysWhatIsRegisteredAndSuggestsTheClosestName() {
        container.set("catalog.repo", Repo.class, new JdbcRepo("p"));
        assertThatThrownBy(() -> container.get("catalog.rep")).isInstanceOf(ServiceNotFoundException.class)
                .hasMessage("No service named 'catalog.rep' is registered. Did you mean 'catalog.repo'? Registered:"
                        + " catalog.repo. Register it in a module's onRegister (container.set or setFactory), or"
                        + " require the module that registers it with @Requires so that it registers first.");
    }

    @Test
    void aLookupWithTheWrongTypeNamesBothTypes() {
        container.set("catalog.repo", Repo.class, new JdbcRepo("p"));
        assertThatThrownBy(() -> container.get("catalog.repo", String.class)).isInstanceOf(ContainerException.class)
                .hasMessage("Service 'catalog.repo' is a com.bento.runtime.ContainerTest$Repo, not a java.lang.String."
                        + " Ask for it as Repo.class, or use the entry registered as String.");
    }

    @Test
    void lookupByTypeNeedsExactlyOneCandidate() {
        container.set("a", Repo.class, new JdbcRepo("a"));
        assertThat(container.get(Repo.class)).isEqualTo(new JdbcRepo("a"));
        container.set("b", Repo.class, new JdbcRepo("b"));
        assertThatThrownBy(() -> container.get(Repo.class)).isInstanceOf(ServiceNotFoundException.class)
                .hasMessage("2 services have type com.bento.runtime.ContainerTest$Repo: a"
                        + " (com.bento.runtime.ContainerTest$Repo), b (com.bento.runtime.ContainerTest$Repo)."
                        + " Ask for one by name with get(name, Repo.class).");
        assertThatThrownBy(() -> container.get(Integer.class)).isInstanceOf(ServiceNotFoundException.class)
                .hasMessageStartingWith("No service has type java.lang.Integer. Registered: a (");
    }

    @Test
    void aFactoryRunsOnFirstUseAndOnlyOnce() {
        AtomicInteger runs = new AtomicInteger();
        container.setFactory("repo", Repo.class, () -> {
            runs.incrementAndGet();
            return new JdbcRepo("t");
        });
        assertThat(runs).hasValue(0);
        Object first = container.get("repo");
        assertThat(container.get("repo")).isSameAs(first);
        assertThat(runs).hasValue(1);
    }

    @Test
    void sixtyFourThreadsReleasedTogetherOnALazySingletonRunTheFactoryOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        container.setFactory("pool", Object.class, () -> {
            runs.incrementAndGet();
            try {
                Thread.sleep(50); // widen the window in which the others arrive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Object();
        });
        int threads = 64;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    seen.add(container.get("pool"));
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).as("factory runs").hasValue(1);
        assertThat(seen).as("distinct instances seen by 64 threads").hasSize(1);
    }

    @Test
    void aFailingFactoryCachesNothingAndItsErrorNamesTheEntry() {
        AtomicInteger runs = new AtomicInteger();
        container.setFactory("db", Repo.class, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("connection refused");
            }
            return new JdbcRepo("ok");
        });
        assertThatThrownBy(() -> container.get("db")).isInstanceOf(ContainerException.class)
                .hasMessage("The factory of service 'db' (com.bento.runtime.ContainerTest$Repo) failed:"
                        + " java.lang.IllegalStateException: connection refused. Nothing was kept; the next lookup"
                        + " runs the factory again. Fix the factory or what it needs.")
                .hasCauseInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(((ContainerException) e).reason()).isEqualTo(ContainerException.Reason.FACTORY_FAILED));
        assertThat(container.get("db")).isEqualTo(new JdbcRepo("ok"));
        assertThat(runs).hasValue(2);
    }

    @Test
    void aFactoryThatAsksForItselfGetsACycleErrorNotADeadlock() {
        container.setFactory("self", Object.class, () -> container.get("self"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> container.get("self")).isInstanceOf(ContainerException.class)
                        .hasMessageStartingWith("Dependency cycle among container entries: self -> self."));
    }

    @Test
    void anIndirectFactoryCycleReportsTheWholePath() {
        container.setFactory("a", Object.class, () -> container.get("b"));
        container.setFactory("b", Object.class, () -> container.get("c"));
        container.setFactory("c", Object.class, () -> container.get("a"));
        assertThatThrownBy(() -> container.get("a")).isInstanceOf(ContainerException.class)
                .hasMessage("Dependency cycle among container entries: a -> b -> c -> a. A factory asks, directly or"
                        + " through others, for its own entry; break the cycle by passing one of them a Supplier or by"
                        + " looking it up later.");
        container.setFactory("d", Object.class, Object::new);
        assertThat(container.get("d")).as("the resolution stack is clean after the failure").isNotNull();
    }

    @Test
    void factoriesMayDependOnEachOtherFromManyThreadsWithoutDeadlock() throws Exception {
        container.setFactory("x", Object.class, () -> List.of(container.get("y")));
        container.setFactory("y", Object.class, () -> List.of(container.get("z")));
        container.setFactory("z", Object.class, Object::new);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (String name : List.of("x", "y", "z")) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return container.get(name);
                }));
            }
            go.countDown();
            for (Future<Object> f : futures) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(container.get("x")).isEqualTo(List.of(List.of(container.get("z"))));
    }

    @Test
    void aFactoryReturningNullOrTheWrongTypeIsRejected() {
        container.setFactory("nothing", Repo.class, () -> null);
        assertThatThrownBy(() -> container.get("nothing")).isInstanceOf(ContainerException.class)
                .hasMessage("The factory of service 'nothing' returned null; a factory must return an instance of"
                        + " com.bento.runtime.ContainerTest$Repo. Return an instance, or do not register the entry.");
        @SuppressWarnings({"unchecked", "rawtypes"})
        java.util.function.Supplier<Repo> wrong = (java.util.function.Supplier) () -> "text";
        container.setFactory("wrong", Repo.class, wrong);
        assertThatThrownBy(() -> container.get("wrong")).isInstanceOf(ContainerException.class)
                .hasMessageContaining("returned a java.lang.String but the entry is declared as");
    }

    @Test
    void transientEntriesAreMadeAnewOnEveryLookup() {
        container.setFactory("id", Object.class, Object::new, Lifetime.TRANSIENT);
        assertThat(container.get("id")).isNotSameAs(container.get("id"));
    }

    @Test
    void scopedEntriesNeedAScopeAndLiveOncePerScope() {
        List<String> closed = new CopyOnWriteArrayList<>();
        AtomicInteger made = new AtomicInteger();
        container.setFactory("uow", Closer.class, () -> new Closer("uow" + made.incrementAndGet(), closed), Lifetime.SCOPED);
        container.setFactory("tx", Closer.class, () -> new Closer("tx" + made.incrementAndGet(), closed), Lifetime.SCOPED);

        assertThatThrownBy(() -> container.get("uow")).isInstanceOf(ContainerException.class)
                .hasMessageStartingWith("Service 'uow' is SCOPED and no scope is open on thread '");

        Object first;
        try (Scope scope = container.openScope()) {
            first = scope.get("uow", Closer.class);
            assertThat(container.get("uow")).as("the open scope is bound to this thread").isSameAs(first);
            container.get("tx");
            try (Scope inner = container.openScope()) {
                assertThat(inner).isNotNull();
                assertThat(container.get("uow")).as("an inner scope has its own").isNotSameAs(first);
            }
            assertThat(container.get("uow")).as("closing the inner scope restores the outer").isSameAs(first);
        }
        assertThat(closed).containsExactly("uow3", "tx2", "uow1");
        assertThatThrownBy(() -> container.get("uow")).as("no scope is bound after close")
                .isInstanceOf(ContainerException.class);
    }

    @Test
    void closingClosesEveryCloseableInReverseArrivalOrderAndCollectsFailures() {
        List<String> closed = new CopyOnWriteArrayList<>();
        container.set("first", new Closer("first", closed));
        container.setFactory("lazy", Closer.class, () -> new Closer("lazy", closed));
        container.set("failing", AutoCloseable.class, () -> {
            closed.add("failing");
            throw new IllegalStateException("cannot close");
        });
        container.set("last", new Closer("last", closed));
        container.setFactory("never", Closer.class, () -> new Closer("never", closed));
        container.get("lazy"); // created after 'last' arrived

        List<Throwable> failures = container.closeHeld();

        assertThat(closed).containsExactly("lazy", "last", "failing", "first");
        assertThat(failures).singleElement().satisfies(f -> assertThat(f).isInstanceOf(ContainerException.class)
                .hasMessageStartingWith("Service 'failing' failed to close: java.lang.IllegalStateException: cannot close."));
        assertThat(container.closeHeld()).as("closing twice closes nothing more").isEmpty();
        assertThat(closed).hasSize(4);
        assertThatThrownBy(() -> container.get("first")).isInstanceOf(ContainerException.class)
                .hasMessageContaining("The container is closed");
    }

    @Test
    void anInstanceMustMatchItsDeclaredType() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Object> repo = (Class) Repo.class;
        assertThatThrownBy(() -> container.set("x", repo, "text")).isInstanceOf(ContainerException.class)
                .hasMessage("Service 'x' is declared as com.bento.runtime.ContainerTest$Repo but the instance is a"
                        + " java.lang.String. Declare it with a type the instance implements.");
    }

    @Test
    void theContainerIsUsableThroughItsInterface() {
        Container c = container;
        c.set("answer", Integer.class, 42);
        assertThat(c.get("answer", Number.class)).isEqualTo(42);
    }
}
