package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bento.LifecycleException;
import com.bento.runtime.Probe.AuditModule;
import com.bento.runtime.Probe.CatalogModule;
import com.bento.runtime.Probe.Events;
import com.bento.runtime.Probe.Hook;
import com.bento.runtime.Probe.InfraModule;
import com.bento.runtime.Probe.OrderingModule;
import com.bento.runtime.Probe.PaymentsModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final Events events = new Events();

    private RuntimeBuilder shop(Probe... extra) {
        RuntimeBuilder b = BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withModules(new PaymentsModule(events), new OrderingModule(events), new CatalogModule(events),
                        new InfraModule(events));
        return b.withModules(extra);
    }

    @Test
    void modulesRegisterAndStartInDependencyOrderAndStopInReverse() {
        BentoRuntime runtime = shop().build();
        assertThat(runtime.modules()).extracting(m -> m.name()).containsExactly("infra", "catalog", "ordering", "payments");
        runtime.start();
        runtime.close();
        assertThat(events.list).containsExactly(
                "infra.register", "catalog.register", "ordering.register", "payments.register",
                "infra.startup", "catalog.startup", "ordering.startup", "payments.startup",
                "payments.shutdown", "ordering.shutdown", "catalog.shutdown", "infra.shutdown",
                "payments.service.close", "ordering.service.close", "catalog.service.close", "infra.service.close");
    }

    @Test
    void startupFailureStopsStartedModulesInReverseOrder() {
        IllegalStateException boom = new IllegalStateException("payment gateway unreachable");
        BentoRuntime runtime = BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withModules(new InfraModule(events), new CatalogModule(events),
                        new OrderingModule(events).failIn(Hook.STARTUP, boom), new PaymentsModule(events))
                .build();

        Throwable thrown = catchThrowable(runtime::start);

        assertThat(thrown).isInstanceOf(LifecycleException.class).hasCause(boom)
                .hasMessage("Module 'ordering' failed in onStartup (startup phase): java.lang.IllegalStateException:"
                        + " payment gateway unreachable. Modules already started were stopped in reverse order:"
                        + " catalog, infra. Fix the cause in com.bento.runtime.Probe$OrderingModule.onStartup.");
        LifecycleException e = (LifecycleException) thrown;
        assertThat(e.phase()).isEqualTo("startup");
        assertThat(e.module()).contains("ordering");
        assertThat(events.list).as("payments never starts; catalog then infra stop; services close in reverse")
                .containsExactly("infra.register", "catalog.register", "ordering.register", "payments.register",
                        "infra.startup", "catalog.startup", "ordering.startup",
                        "catalog.shutdown", "infra.shutdown",
                        "payments.service.close", "ordering.service.close", "catalog.service.close",
                        "infra.service.close");
        assertThat(runtime.isStarted()).isFalse();
        runtime.close();
        assertThat(events.list).as("closing a failed runtime runs nothing again").hasSize(13);
    }

    @Test
    void stopFailuresDuringRollbackRideAlongAsSuppressed() {
        RuntimeException startFailure = new RuntimeException("start broke");
        RuntimeException stopFailure = new RuntimeException("stop broke");
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false)
                .withModules(new InfraModule(events).failIn(Hook.SHUTDOWN, stopFailure),
                        new CatalogModule(events).failIn(Hook.STARTUP, startFailure))
                .build();

        Throwable thrown = catchThrowable(runtime::start);

        assertThat(thrown).hasCause(startFailure);
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(thrown.getSuppressed()[0]).isInstanceOf(LifecycleException.class).hasCause(stopFailure)
                .hasMessageContaining("Module 'infra' failed in onShutdown");
    }

    @Test
    void aFailingStopHookDoesNotStopTheOthersAndTheFirstFailureIsThrown() {
        RuntimeException paymentsFailure = new RuntimeException("payments stop");
        RuntimeException catalogFailure = new RuntimeException("catalog stop");
        BentoRuntime runtime = shop().build();
        ((Probe) runtime.modules().get(3)).failIn(Hook.SHUTDOWN, paymentsFailure);
        ((Probe) runtime.modules().get(1)).failIn(Hook.SHUTDOWN, catalogFailure);
        runtime.start();

        Throwable thrown = catchThrowable(runtime::close);

        assertThat(thrown).isInstanceOf(LifecycleException.class).hasCause(paymentsFailure)
                .hasMessage("Module 'payments' failed in onShutdown (shutdown phase): java.lang.RuntimeException:"
                        + " payments stop. The other modules were stopped all the same. Fix the cause in"
                        + " com.bento.runtime.Probe$PaymentsModule.onShutdown.");
        assertThat(thrown.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasCause(catalogFailure));
        assertThat(events.list).containsSubsequence("payments.shutdown", "ordering.shutdown", "catalog.shutdown",
                "infra.shutdown", "infra.service.close");
    }

    @Test
    void aHangingHookIsAbandonedAfterItsTimeoutAndTheRestProceed() {
        List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        BentoRuntime runtime = shop().withHookTimeout(Duration.ofMillis(500)) // long enough for the hooks that do not hang
                .withListener(new com.bento.spi.RuntimeListener() {
                    @Override
                    public void moduleFinished(com.bento.spi.Phase phase, String module, java.time.Instant at, Throwable failure) {
                        finished.add(phase.label() + ":" + module + ":" + (failure == null ? "ok" : failure.getClass().getSimpleName()));
                    }
                }).build();
        ((Probe) runtime.modules().get(1)).hangIn(Hook.STARTUP, 60_000);
        ((Probe) runtime.modules().get(2)).hangIn(Hook.SHUTDOWN, 60_000);

        runtime.start();
        runtime.close();

        assertThat(events.list).containsSubsequence("catalog.startup", "ordering.startup", "payments.startup",
                "ordering.shutdown", "catalog.shutdown", "infra.shutdown");
        assertThat(finished).contains("startup:catalog:TimeoutException", "shutdown:ordering:TimeoutException",
                "startup:payments:ok", "shutdown:infra:ok");
    }

    @Test
    void anOnRegisterThatTimesOutFailsTheStartAndClosesWhatEarlierModulesRegistered() {
        Probe catalog = new CatalogModule(events).hangIn(Hook.REGISTER, 60_000);
        RuntimeBuilder builder = BentoRuntime.builder().withConfig("shop", "test").withListenerDiscovery(false)
                .withHookTimeout(Duration.ofMillis(500))
                .withModules(new InfraModule(events), catalog, new OrderingModule(events));

        Throwable thrown = catchThrowable(builder::build);

        assertThat(thrown).isInstanceOf(LifecycleException.class).hasMessage("Module 'catalog' failed in onRegister"
                + " (register phase): java.util.concurrent.TimeoutException: onRegister of module 'catalog' did not"
                + " finish within PT0.5S and was abandoned. What earlier modules registered is closed. Fix the cause in"
                + " com.bento.runtime.Probe$CatalogModule.onRegister.");
        assertThat(events.list).as("ordering never registers; infra's service is closed")
                .containsExactly("infra.register", "catalog.register", "infra.service.close");
    }

    @Test
    void closeTwiceOrFromManyThreadsRunsEveryStopHookExactlyOnce() throws Exception {
        BentoRuntime runtime = shop().build().start();
        int threads = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    runtime.close();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        runtime.close();
        assertThat(events.list.stream().filter(e -> e.endsWith(".shutdown")))
                .containsExactly("payments.shutdown", "ordering.shutdown", "catalog.shutdown", "infra.shutdown");
        assertThat(events.list.stream().filter(e -> e.endsWith(".close"))).hasSize(4);
    }

    @Test
    void theJvmShutdownHookIsRemovedAfterAnExplicitClose() {
        DefaultRuntime runtime = (DefaultRuntime) BentoRuntime.builder().withListenerDiscovery(false)
                .withModules(new InfraModule(events)).withShutdownHook().build().start();
        Thread hook = runtime.shutdownHookThread().orElseThrow();
        runtime.close();
        assertThat(runtime.shutdownHookThread()).isEmpty();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook))
                .as("the JVM no longer knows the runtime's hook: close() removed it").isFalse();
    }

    @Test
    void testModeInstallsNoShutdownHook() {
        DefaultRuntime runtime = (DefaultRuntime) BentoRuntime.builder().withTestMode().withListenerDiscovery(false)
                .withModules(new InfraModule(events)).withShutdownHook().build().start();
        assertThat(runtime.shutdownHookThread()).isEmpty();
        runtime.close();
    }

    @Test
    void outOfMemoryErrorFromAHookIsRethrownAsItIs() {
        OutOfMemoryError oom = new OutOfMemoryError("test heap");
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false)
                .withModules(new InfraModule(events), new CatalogModule(events).failIn(Hook.STARTUP, oom)).build();
        assertThatThrownBy(runtime::start).isSameAs(oom);
    }

    @Test
    void otherErrorsAreRethrownAsTheyAreAfterRollback() {
        AssertionError error = new AssertionError("invariant broken");
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false)
                .withModules(new InfraModule(events), new CatalogModule(events).failIn(Hook.STARTUP, error)).build();
        assertThatThrownBy(runtime::start).isSameAs(error);
        assertThat(events.list).contains("infra.shutdown", "infra.service.close");
    }

    @Test
    void registerFailureClosesWhatEarlierModulesRegisteredAndNamesTheModule() {
        IllegalArgumentException cause = new IllegalArgumentException("bad config");
        RuntimeBuilder builder = BentoRuntime.builder().withListenerDiscovery(false)
                .withModules(new InfraModule(events), new CatalogModule(events).failIn(Hook.REGISTER, cause),
                        new OrderingModule(events));

        assertThatThrownBy(builder::build).isInstanceOf(LifecycleException.class).hasCause(cause)
                .hasMessage("Module 'catalog' failed in onRegister (register phase): java.lang.IllegalArgumentException:"
                        + " bad config. What earlier modules registered is closed. Fix the cause in"
                        + " com.bento.runtime.Probe$CatalogModule.onRegister.");
        assertThat(events.list).containsExactly("infra.register", "catalog.register", "infra.service.close");
    }

    @Test
    void startTwiceIsRefused() {
        BentoRuntime runtime = shop().build().start();
        assertThatThrownBy(runtime::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("Runtime 'shop' cannot start: it is started; a runtime starts once, after a successful build");
        runtime.close();
    }

    @Test
    void independentModulesStartInNameOrder() {
        BentoRuntime runtime = shop(new AuditModule(events)).build();
        assertThat(runtime.modules()).extracting(m -> m.name())
                .containsExactly("infra", "audit", "catalog", "ordering", "payments");
    }
}
