package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.ConfigurationException;
import com.bento.Container;
import com.bento.GateFailedException;
import com.bento.GateResult;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.runtime.Probe.CatalogModule;
import com.bento.runtime.Probe.Events;
import com.bento.runtime.Probe.InfraModule;
import com.bento.runtime.Probe.OrderingModule;
import com.bento.spi.DatabasePhase;
import com.bento.spi.Phase;
import com.bento.spi.RuntimeDescriptor;
import com.bento.spi.RuntimeListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RuntimeBuilderTest {

    private final Events events = new Events();

    private RuntimeBuilder builder() {
        return BentoRuntime.builder().withListenerDiscovery(false);
    }

    static final class StoreModule implements Module {
        private final List<String> log;

        StoreModule(List<String> log) {
            this.log = log;
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public void onShutdown(Container container) {
            log.add("store.shutdown");
        }
    }

    @Test
    void theServiceNameAndEnvironmentAreValidated() {
        assertThatThrownBy(() -> builder().withConfig("my shop", "prod")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid service name 'my shop': expected letters, digits, '_' or '-' (pattern"
                        + " [A-Za-z0-9_-]+), not empty. Fix: withConfig(\"my-shop\", ...).");
        assertThatThrownBy(() -> builder().withConfig("", "prod")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> builder().withConfig("shop", "production")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid environment 'production' for service 'shop': expected one of local, dev, test,"
                        + " stage, prod. Fix: withConfig(\"shop\", \"prod\").");
        assertThatThrownBy(() -> builder().withHookTimeout(java.time.Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Invalid hook timeout PT0S");
    }

    @Test
    void noModulesAtAllListsTheLikelyCauses() {
        assertThatThrownBy(() -> builder().discoverModules(ClassLoader.getPlatformClassLoader()).build())
                .isInstanceOf(ModuleResolutionException.class)
                .hasMessageContaining("Module discovery found no provider of com.bento.Module")
                .hasMessageContaining("lacks 'provides com.bento.Module with <your module class>;'")
                .hasMessageContaining("lacks META-INF/services/com.bento.Module");
    }

    @Test
    void gatesRunBeforeAnyModuleRegistersAndEveryErrorIsListedOnItsOwnLine() {
        List<String> seenModules = new ArrayList<>();
        RuntimeBuilder b = builder().withConfig("shop", "prod").withModules(new InfraModule(events), new CatalogModule(events))
                .withGate(ctx -> {
                    seenModules.addAll(ctx.modules());
                    return new GateResult("contracts", List.of("reason-codes/a.json:3:5: duplicate code X",
                            "routing/r.yaml:1:1: unknown module 'billing'"), List.of("event E has no schema"));
                })
                .withGate(ctx -> GateResult.failed("license", List.of("no license")));

        assertThatThrownBy(b::build).isInstanceOf(GateFailedException.class)
                .hasMessage("Startup gates failed for service 'shop' with 3 error(s); no module was registered:\n"
                        + "[contracts] reason-codes/a.json:3:5: duplicate code X\n"
                        + "[contracts] routing/r.yaml:1:1: unknown module 'billing'\n"
                        + "[license] no license")
                .satisfies(e -> assertThat(((GateFailedException) e).results()).hasSize(2));
        assertThat(seenModules).containsExactly("infra", "catalog");
        assertThat(events.list).as("no module registered").isEmpty();
    }

    @Test
    void aGateThatThrowsIsReportedAsAnErrorOfThatGate() {
        RuntimeBuilder b = builder().withModules(new InfraModule(events)).withGate(new com.bento.StartupGate() {
            @Override
            public GateResult check(com.bento.GateContext context) throws Exception {
                throw new java.io.IOException("contracts folder unreadable");
            }

            @Override
            public String name() {
                return "contracts";
            }
        });
        assertThatThrownBy(b::build).isInstanceOf(GateFailedException.class)
                .hasMessageEndingWith("[contracts] Gate 'contracts' failed to run: java.io.IOException: contracts folder unreadable");
    }

    @Test
    void gatesMayBeSkippedOnlyLocallyOrInTestMode() {
        assertThatThrownBy(() -> builder().withConfig("shop", "prod").withModules(new InfraModule(events)).skipGates().build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("skipGates() was called for environment 'prod': gates may be skipped only in 'local' or in"
                        + " test mode, so that no deployed start goes unchecked. Remove skipGates(), or use environment 'local'.");
        BentoRuntime runtime = builder().withConfig("shop", "local").withModules(new InfraModule(events)).skipGates()
                .withGate(ctx -> GateResult.failed("g", List.of("would fail"))).build();
        assertThat(runtime.gateResults()).isEmpty();
        runtime.close();
    }

    @Test
    void aModuleNeedingADatabaseWithNoDatabasePhaseFailsNamingTheModules() {
        assertThatThrownBy(() -> builder().withModules(new StoreModule(new ArrayList<>()), new InfraModule(events)).build())
                .isInstanceOf(LifecycleException.class)
                .hasMessage("Module(s) store require a database, but no database phase is available. Fix: put Bento's"
                        + " database support (a jar that provides com.bento.spi.DatabasePhase) on the module path, or"
                        + " give one with RuntimeBuilder.withDatabasePhase(...).");
        assertThat(events.list).as("the phase is looked for before register, so no module registered").isEmpty();
    }

    @Test
    void theDatabasePhaseRunsAfterRegisterAndClosesAfterTheModulesStop() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<DatabasePhase.Context> contexts = new ArrayList<>();
        BentoRuntime runtime = builder().withModules(new StoreModule(log)).withDatabasePhase(ctx -> {
            contexts.add(ctx);
            log.add("database.open");
            ctx.container().set("dataSource", "pool");
            return () -> log.add("database.close");
        }).build();
        assertThat(contexts).singleElement().satisfies(c -> assertThat(c.modules()).containsExactly("store"));
        // where a linked image's migrations folder is looked for: the module that defines the module's class
        assertThat(contexts.get(0).definedIn()).containsExactly(java.util.Map.entry("store", StoreModule.class.getModule()));
        assertThat(runtime.performanceMonitor().runtimeInfo().databasePresent()).isTrue();
        assertThat(runtime.startupMetrics().database()).isPositive();
        runtime.start().close();
        assertThat(log).containsExactly("database.open", "store.shutdown", "database.close");
    }

    @Test
    void aFailingDatabasePhaseNamesTheModulesThatNeedIt() {
        RuntimeBuilder b = builder().withModules(new StoreModule(new ArrayList<>())).withDatabasePhase(ctx -> {
            throw new java.net.ConnectException("Connection refused: 127.0.0.1:1");
        });
        assertThatThrownBy(b::build).isInstanceOf(LifecycleException.class)
                .hasMessageStartingWith("The database could not be set up for module(s) store (")
                .hasMessageEndingWith("): java.net.ConnectException: Connection refused: 127.0.0.1:1. Check the database"
                        + " settings and that the database answers.");
    }

    @Test
    void listenersSeeEveryPhaseAndModuleInOrderAndCannotBreakTheRuntime() {
        List<String> seen = new CopyOnWriteArrayList<>();
        RuntimeListener recorder = new RuntimeListener() {
            @Override
            public void startupBegan(RuntimeDescriptor runtime, Instant at) {
                seen.add("begin " + runtime.serviceName() + " " + runtime.modules());
            }

            @Override
            public void phaseStarted(Phase phase, Instant at) {
                seen.add("+" + phase.label());
            }

            @Override
            public void moduleStarted(Phase phase, String module, Instant at) {
                seen.add("+" + phase.label() + ":" + module);
            }

            @Override
            public void moduleFinished(Phase phase, String module, Instant at, Throwable failure) {
                seen.add("-" + phase.label() + ":" + module);
            }

            @Override
            public void phaseFinished(Phase phase, Instant at, Throwable failure) {
                seen.add("-" + phase.label());
            }

            @Override
            public void startupEnded(Instant at, Throwable failure) {
                seen.add("end");
            }
        };
        RuntimeListener broken = new RuntimeListener() {
            @Override
            public void phaseStarted(Phase phase, Instant at) {
                throw new IllegalStateException("listener bug");
            }
        };
        BentoRuntime runtime = builder().withConfig("shop", "dev").withListener(broken).withListener(recorder)
                .withModules(new CatalogModule(events), new InfraModule(events))
                .withGate(ctx -> GateResult.passed("g")).build().start();
        runtime.close();
        assertThat(seen).containsExactly("begin shop [infra, catalog]",
                "+gates", "-gates",
                "+register", "+register:infra", "-register:infra", "+register:catalog", "-register:catalog", "-register",
                "+startup", "+startup:infra", "-startup:infra", "+startup:catalog", "-startup:catalog", "-startup",
                "end",
                "+shutdown", "+shutdown:catalog", "-shutdown:catalog", "+shutdown:infra", "-shutdown:infra", "-shutdown");
    }

    @Test
    void startupMetricsCoverEveryPhaseAndModule() {
        BentoRuntime runtime = builder().withModules(new InfraModule(events), new CatalogModule(events))
                .withGate(ctx -> GateResult.passed("g")).build();
        StartupMetrics before = runtime.startupMetrics();
        assertThat(before.moduleRegister()).containsOnlyKeys("infra", "catalog");
        assertThat(before.moduleStartup()).isEmpty();
        assertThat(before.summary()).matches("Startup metrics: total=\\d+\\.\\d\\ds, gates=\\d+\\.\\d\\ds,"
                + " register=\\d+\\.\\d\\ds, database=\\d+\\.\\d\\ds");
        runtime.start();
        StartupMetrics after = runtime.startupMetrics();
        assertThat(after.resolution()).isPositive();
        assertThat(after.total()).isGreaterThanOrEqualTo(after.resolution().plus(after.gates()).plus(after.register()));
        assertThat(after.summary()).endsWith("s").contains(", startup=");
        assertThat(after.asMap()).containsKeys("total_time", "resolution_time", "gates_time", "register_time", "database_time",
                "startup_time", "module.infra.register_time", "module.catalog.startup_time");
        assertThat(after.asMap().get("total_time")).isEqualTo(after.total().toNanos() / 1e9);
        assertThat(runtime.moduleStatuses()).extracting(ModuleStatus::name, ModuleStatus::state, ModuleStatus::requires)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("infra", ModuleState.STARTED, List.of()),
                        org.assertj.core.groups.Tuple.tuple("catalog", ModuleState.STARTED, List.of("infra")));
        runtime.close();
        assertThat(runtime.moduleStatuses()).extracting(ModuleStatus::state).containsOnly(ModuleState.STOPPED);
    }

    /** A stand-in registering given services, as bento.runtime.test's MockModule does. */
    record StandIn(String name, Map<String, Object> services) implements Module {
        @Override
        public void onRegister(Container container) {
            services.forEach(container::set);
        }
    }

    @Test
    void aStandInReplacesTheRealModuleInTestMode() {
        Object fakeRepo = new Object();
        CatalogModule real = new CatalogModule(events);
        BentoRuntime runtime = builder().withTestMode()
                .withModules(new InfraModule(events), real, new OrderingModule(events))
                .withStandIn(new StandIn("catalog", Map.of("catalog.repo", fakeRepo))).build();
        assertThat(runtime.container().get("catalog.repo")).isSameAs(fakeRepo);
        assertThat(runtime.modules()).as("the stand-in has no requirements of its own, so it sorts by name")
                .extracting(Module::name).containsExactly("catalog", "infra", "ordering");
        assertThat(events.list).containsExactly("infra.register", "ordering.register");
        assertThat(runtime.replacedModules()).containsExactly(real);
        assertThat(runtime.modulesNotLoaded()).singleElement().satisfies(d -> {
            assertThat(d.module()).isSameAs(real);
            assertThat(d.kind()).isEqualTo(ModuleDescriptor.Kind.GIVEN);
        });
        assertThat(runtime.moduleDescriptors()).extracting(ModuleDescriptor::kind)
                .containsExactly(ModuleDescriptor.Kind.MOCK, ModuleDescriptor.Kind.GIVEN, ModuleDescriptor.Kind.GIVEN);
        runtime.close();
    }

    @Test
    void aStandInNameGivenTwiceIsRefusedAndTheFirstKeepsItsServices() {
        Object fakeRepo = new Object();
        RuntimeBuilder b = builder().withTestMode().withModules(new InfraModule(events), new CatalogModule(events))
                .withStandIn(new StandIn("catalog", Map.of("catalog.repo", fakeRepo)));
        Object cache = "a cache";
        assertThatThrownBy(() -> b.withStandIn(new StandIn("catalog", Map.of("catalog.cache", cache))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Two stand-ins are named 'catalog': StandIn[name=catalog, services={catalog.repo=" + fakeRepo
                        + "}] and StandIn[name=catalog, services={catalog.cache=a cache}]. A name holds one module, so the"
                        + " second would hide the first one's services: give all of its services to one stand-in, or give"
                        + " the second another name.");
        BentoRuntime runtime = b.build();
        assertThat(runtime.container().get("catalog.repo")).isSameAs(fakeRepo);
        assertThat(runtime.container().has("catalog.cache")).isFalse();
        runtime.close();
    }

    @Test
    void standInsOutsideTestModeAreRefused() {
        assertThatThrownBy(() -> builder().withModules(new InfraModule(events)).withStandIn(new StandIn("infra", Map.of())).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Stand-in modules [infra] were given to a runtime that is not in test mode. Stand-ins replace"
                        + " real modules and are for tests only: call withTestMode(), or remove withStandIn.");
    }

    @Test
    void buildFreezesTheSettingsSoLaterCallsOnTheBuilderDoNotReachTheRuntime() {
        RuntimeBuilder b = builder().withModules(new InfraModule(events)).withService("clock", java.time.Clock.systemUTC());
        BentoRuntime first = b.build();
        b.withService("later", "x").withConfig("other", "local").withModules(new CatalogModule(events));
        BentoRuntime second = b.build();
        try {
            assertThat(first.container().has("later")).isFalse();
            assertThat(first.serviceName()).isEqualTo("bento");
            assertThat(first.modules()).extracting(Module::name).containsExactly("infra");
            assertThat(second.container().has("later")).isTrue();
            assertThat(second.serviceName()).isEqualTo("other");
            assertThat(second.modules()).extracting(Module::name).containsExactly("infra", "catalog");
        } finally {
            second.close();
            first.close();
        }
    }

    /** Counts the calls of each method the runtime may read. */
    @com.bento.Requires("infra")
    static final class Counted implements Module {
        final java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger databases = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger controllers = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String name() {
            names.incrementAndGet();
            return "counted";
        }

        @Override
        public boolean requiresDatabase() {
            databases.incrementAndGet();
            return false;
        }

        @Override
        public List<Class<?>> controllers() {
            controllers.incrementAndGet();
            return List.of();
        }
    }

    @Test
    void aModuleIsReadOnceFromDiscoveryToItsStatusesAndGraph() {
        Counted counted = new Counted();
        BentoRuntime runtime = builder().withModules(new InfraModule(events), counted).build().start();
        runtime.moduleStatuses();
        runtime.graph();
        runtime.startupMetrics();
        runtime.close();
        assertThat(counted.names).hasValue(1);
        assertThat(counted.databases).hasValue(1);
        assertThat(counted.controllers).hasValue(1);
        assertThat(runtime.moduleDescriptors()).extracting(ModuleDescriptor::name, ModuleDescriptor::requires)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("infra", List.of()),
                        org.assertj.core.groups.Tuple.tuple("counted", List.of("infra")));
    }

    @Test
    void aModuleWhoseMethodThrowsIsReportedWhenItIsRead() {
        Module broken = new Module() {
            @Override
            public List<Class<?>> controllers() {
                throw new IllegalStateException("no controllers today");
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        assertThatThrownBy(() -> builder().withModules(broken).build())
                .isInstanceOf(com.bento.ModuleResolutionException.class)
                .hasMessageStartingWith("Module " + broken.getClass().getName() + " failed in controllers():"
                        + " java.lang.IllegalStateException: no controllers today. Fix its controllers() method");
    }

    @Test
    void servicesGivenToTheBuilderAndTheRuntimeItselfAreInTheContainer() {
        BentoRuntime runtime = builder().withService("clock", java.time.Clock.systemUTC())
                .withModules(new InfraModule(events)).build();
        Container c = runtime.container();
        assertThat(c.get("clock")).isInstanceOf(java.time.Clock.class);
        assertThat(c.get(BentoRuntime.class)).isSameAs(runtime);
        assertThat(c.get(PerformanceMonitor.class)).isSameAs(runtime.performanceMonitor());
        RuntimeInfo info = runtime.performanceMonitor().runtimeInfo();
        assertThat(info).isEqualTo(new RuntimeInfo("bento", "local", List.of("infra"), true, false, false, false));
        runtime.start();
        assertThat(runtime.performanceMonitor().runtimeInfo().started()).isTrue();
        runtime.close();
        assertThat(runtime.performanceMonitor().runtimeInfo().started()).isFalse();
    }
}
