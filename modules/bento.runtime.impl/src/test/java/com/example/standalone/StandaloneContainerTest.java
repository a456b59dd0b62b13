package com.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Container;
import com.bento.ContainerException;
import com.bento.Lifetime;
import com.bento.Module;
import com.bento.Scope;
import com.bento.runtime.StandaloneContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A user's unit test of a module's {@code onRegister}, written against the public API only (this
 * package is outside Bento's): the standalone container keeps the runtime container's guarantees.
 */
class StandaloneContainerTest {

    record Catalog(String source) {
    }

    /** A module as a user writes one: it reads what it needs and registers a lazily built service. */
    static final class CatalogModule implements Module {
        final AtomicInteger built = new AtomicInteger();

        @Override
        public String name() {
            return "catalog";
        }

        @Override
        public void onRegister(Container container) {
            String source = container.get("infra.source", String.class);
            container.setFactory("catalog.repo", Catalog.class, () -> {
                built.incrementAndGet();
                return new Catalog(source);
            });
        }
    }

    @Test
    void aModulesOnRegisterIsTestedWithoutARuntime() {
        CatalogModule module = new CatalogModule();
        try (StandaloneContainer container = StandaloneContainer.create()) {
            container.set("infra.source", String.class, "memory");
            module.onRegister(container);
            assertThat(module.built).as("a factory runs on first use, not at registration").hasValue(0);
            assertThat(container.get("catalog.repo", Catalog.class)).isEqualTo(new Catalog("memory"));
            assertThat(container.get(Catalog.class)).isSameAs(container.get("catalog.repo", Catalog.class));
            assertThat(module.built).hasValue(1);
            assertThat(container.names()).containsExactly("infra.source", "catalog.repo");
            assertThat(container.entries()).allSatisfy(e -> assertThat(e.owner()).isEmpty());
        }
    }

    @Test
    void aMissingRequirementOfTheModuleIsNamed() {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            assertThatThrownBy(() -> new CatalogModule().onRegister(container))
                    .hasMessageContaining("infra.source");
        }
    }

    @Test
    void aSingletonFactoryRunsOnceUnderContention() throws Exception {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            AtomicInteger calls = new AtomicInteger();
            container.setFactory("slow", Object.class, () -> {
                calls.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Object();
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Object> seen = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen.add(container.get("slow"));
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(calls).hasValue(1);
            assertThat(seen).hasSize(8).allSatisfy(o -> assertThat(o).isSameAs(seen.get(0)));
        }
    }

    @Test
    void aFactoryCycleIsAnErrorNamingThePath() {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            container.setFactory("a", Object.class, () -> container.get("b"));
            container.setFactory("b", Object.class, () -> container.get("a"));
            assertThatThrownBy(() -> container.get("a")).isInstanceOf(ContainerException.class)
                    .satisfies(e -> assertThat(((ContainerException) e).reason()).isEqualTo(ContainerException.Reason.CYCLE))
                    .hasMessageContaining("a -> b -> a");
        }
    }

    @Test
    void aFactoryThatFailedIsTriedAgain() {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            AtomicInteger calls = new AtomicInteger();
            container.setFactory("flaky", String.class, () -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("not yet");
                }
                return "ok";
            });
            assertThatThrownBy(() -> container.get("flaky")).isInstanceOf(ContainerException.class)
                    .satisfies(e -> assertThat(((ContainerException) e).reason()).isEqualTo(ContainerException.Reason.FACTORY_FAILED));
            assertThat(container.get("flaky", String.class)).isEqualTo("ok");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void lifetimesAndScopesBehaveAsInTheRuntime() throws Exception {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            container.setFactory("fresh", Object.class, Object::new, Lifetime.TRANSIENT);
            container.setFactory("request", Object.class, Object::new, Lifetime.SCOPED);
            assertThat(container.get("fresh")).isNotSameAs(container.get("fresh"));
            assertThatThrownBy(() -> container.get("request")).isInstanceOf(ContainerException.class)
                    .satisfies(e -> assertThat(((ContainerException) e).reason()).isEqualTo(ContainerException.Reason.NO_SCOPE));
            Object first;
            try (Scope scope = container.openScope()) {
                first = scope.get("request", Object.class);
                assertThat(scope.get("request", Object.class)).isSameAs(first);
            }
            try (Scope scope = container.openScope()) {
                assertThat(scope.get("request", Object.class)).isNotSameAs(first);
            }
        }
    }

    @Test
    void closeClosesWhatItHoldsNewestFirstAndReportsEveryFailure() {
        List<String> closed = new CopyOnWriteArrayList<>();
        StandaloneContainer container = StandaloneContainer.create();
        container.set("first", AutoCloseable.class, () -> closed.add("first"));
        container.set("broken", AutoCloseable.class, () -> {
            closed.add("broken");
            throw new IllegalStateException("boom");
        });
        container.set("last", AutoCloseable.class, () -> closed.add("last"));
        assertThatThrownBy(container::close).isInstanceOf(ContainerException.class)
                .hasMessageContaining("'broken' failed to close");
        assertThat(closed).containsExactly("last", "broken", "first");
        container.close(); // a second close closes nothing more
        assertThat(closed).hasSize(3);
    }
}
