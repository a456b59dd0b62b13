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
import com.bento.ModuleResolutionException.Reason;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules loaded into a running runtime from separately compiled JPMS modules, each load in a
 * module layer of its own. Every fixture records its hooks into the container's {@code events}
 * list, and fails in a hook when the container holds {@code fail.<module>.<hook>}.
 */
class DynamicModulesTest {

    @TempDir
    static Path tmp;

    static Path pricing;
    static Path pricingV2;
    static Path pricingFailing;
    static Path offers;
    static Path offersByName;
    static Path bannerReadingPricing;
    static Path slow;
    static Path clash;
    static Path needsDatabase;
    static Path noProvider;

    @BeforeAll
    static void compileFixtures() {
        pricing = pricing("pricing-v1", "1", "");
        pricingV2 = pricing("pricing-v2", "2", "");
        pricingFailing = pricing("pricing-v3", "3", "throw new IllegalStateException(\"rates table unreadable\");");
        // offers reads pricing's JPMS module (a class of it), and requires the Bento module "pricing"
        offers = Fixtures.compile(tmp.resolve("offers"), Map.of(
                "module-info.java", "module dyn.offers { requires bento.runtime.api; requires dyn.pricing;"
                        + " provides com.bento.Module with dyn.offers.OffersModule; }",
                "dyn/offers/OffersModule.java", module("dyn.offers", "OffersModule", "offers", "\"pricing\"",
                        "c.set(\"offers.banner\", \"offer at \" + new dyn.pricing.Rates().rate());", "")),
                Map.of(), pricing);
        // reads dyn.pricing's classes, requires only the core module by name
        bannerReadingPricing = Fixtures.compile(tmp.resolve("banner"), Map.of(
                "module-info.java", "module dyn.banner { requires bento.runtime.api; requires dyn.pricing;"
                        + " provides com.bento.Module with dyn.banner.BannerModule; }",
                "dyn/banner/BannerModule.java", module("dyn.banner", "BannerModule", "banner", "\"core\"",
                        "c.set(\"banner.text\", \"rate \" + new dyn.pricing.Rates().rate());", "")),
                Map.of(), pricing);
        // requires "pricing" by name only: no JPMS link to its layer
        offersByName = dynamic("offers-by-name", "dyn.offers", "OffersModule", "offers", "\"pricing\"",
                "c.set(\"offers.banner\", \"offers\");", "");
        slow = dynamic("slow", "dyn.slow", "SlowModule", "slow", "\"core\"", "", "Thread.sleep(10_000);");
        clash = dynamic("clash", "dyn.clash", "ClashModule", "core", "", "", "");
        needsDatabase = Fixtures.compile(tmp.resolve("needs-db"), Map.of(
                "module-info.java", "module dyn.db { requires bento.runtime.api;"
                        + " provides com.bento.Module with dyn.db.DbModule; }",
                "dyn/db/DbModule.java", Fixtures.moduleClass("dyn.db", "DbModule", "",
                        "public boolean requiresDatabase() { return true; }")),
                Map.of());
        noProvider = Fixtures.compile(tmp.resolve("no-provider"), Map.of(
                "module-info.java", "module dyn.plain { exports dyn.plain; }",
                "dyn/plain/Plain.java", "package dyn.plain; public class Plain { }"),
                Map.of());
    }

    private static Path pricing(String dir, String version, String startup) {
        return Fixtures.compile(tmp.resolve(dir), Map.of(
                "module-info.java", "module dyn.pricing { requires bento.runtime.api; exports dyn.pricing;"
                        + " provides com.bento.Module with dyn.pricing.PricingModule; }",
                "dyn/pricing/Rates.java", "package dyn.pricing; public class Rates { public String rate() { return \"v"
                        + version + "\"; } }",
                "dyn/pricing/PricingModule.java", module("dyn.pricing", "PricingModule", "pricing", "\"core\"",
                        "c.set(\"pricing.version\", \"" + version + "\");"
                                + " c.set(\"pricing.rates\", (AutoCloseable) () -> record(c, \"pricing.rates.closed\"));"
                                + " c.set(\"pricing.clock\", c.get(\"core.clock\") + \"-pricing\");", startup)),
                Map.of());
    }

    private static Path dynamic(String dir, String pkg, String type, String name, String requires, String register,
                                String startup) {
        return Fixtures.compile(tmp.resolve(dir), Map.of(
                "module-info.java", "module " + pkg + " { requires bento.runtime.api;"
                        + " provides com.bento.Module with " + pkg + "." + type + "; }",
                pkg.replace('.', '/') + "/" + type + ".java", module(pkg, type, name, requires, register, startup)),
                Map.of());
    }

    /** A module that records its hooks, fails where told, and runs the given register and startup code. */
    private static String module(String pkg, String type, String name, String requires, String register, String startup) {
        return Fixtures.moduleClass(pkg, type, requires, ""
                + "public String name() { return \"" + name + "\"; }\n"
                + "@SuppressWarnings(\"unchecked\") static void record(Container c, String event) {\n"
                + "  ((java.util.List<String>) c.get(\"events\")).add(event);\n"
                + "  if (c.has(\"fail.\" + event)) { throw new IllegalStateException(\"told to fail in \" + event); }\n"
                + "}\n"
                + "public void onRegister(Container c) { record(c, \"" + name + ".register\"); " + register + " }\n"
                + "public void onStartup(Container c) throws Exception { record(c, \"" + name + ".startup\"); " + startup + " }\n"
                + "public void onShutdown(Container c) { record(c, \"" + name + ".shutdown\"); }\n");
    }

    /** The module the runtime starts with: the others require it. */
    static final class CoreModule implements Module {
        @Override
        public String name() {
            return "core";
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onRegister(Container c) {
            ((List<String>) c.get("events")).add("core.register");
            c.set("core.clock", "tick");
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onShutdown(Container c) {
            ((List<String>) c.get("events")).add("core.shutdown");
        }
    }

    private final List<String> events = new CopyOnWriteArrayList<>();

    private RuntimeBuilder base() {
        return BentoRuntime.builder().withConfig("dyn-test", "test").withModules(new CoreModule()).withService("events", events);
    }

    private List<String> eventsSinceStart() {
        return events.subList(events.indexOf("core.register") + 1, events.size());
    }

    @Test
    void loadedModulesRegisterAndStartInDependencyOrderAndTheirServicesAppear() {
        try (BentoRuntime rt = base().build().start()) {
            List<ModuleDescriptor> loaded = rt.dynamicModules().load(offers, pricing);

            assertThat(loaded).extracting(ModuleDescriptor::name).containsExactly("pricing", "offers");
            assertThat(loaded).extracting(ModuleDescriptor::kind).containsOnly(ModuleDescriptor.Kind.LOADED);
            assertThat(loaded).extracting(ModuleDescriptor::jpmsModule).containsExactly("dyn.pricing", "dyn.offers");
            assertThat(eventsSinceStart()).containsExactly("pricing.register", "offers.register", "pricing.startup",
                    "offers.startup");
            assertThat(rt.container().get("pricing.clock")).isEqualTo("tick-pricing");
            assertThat(rt.container().get("offers.banner")).isEqualTo("offer at v1");
            assertThat(rt.container().entries()).filteredOn(e -> e.name().equals("pricing.version"))
                    .extracting(com.bento.ServiceEntry::owner).containsExactly("pricing");
            assertThat(rt.dynamicModules().loaded()).extracting(ModuleDescriptor::name).containsExactly("pricing", "offers");
            assertThat(rt.graph().modules()).as("the graph shows them after the modules the runtime started with")
                    .extracting(ModuleGraph.Node::name, ModuleGraph.Node::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("core", "STARTED"),
                            org.assertj.core.groups.Tuple.tuple("pricing", "STARTED"), org.assertj.core.groups.Tuple.tuple("offers", "STARTED"));
            assertThat(rt.graph().modules().get(1).services()).extracting(ModuleGraph.Service::name)
                    .contains("pricing.version", "pricing.rates");
            Class<?> type = loaded.get(0).providerType();
            assertThat(type.getModule().getLayer()).isNotSameAs(ModuleLayer.boot());
            assertThat(type.getModule().getLayer().parents()).contains(Module.class.getModule().getLayer());
        }
    }

    @Test
    void aModularJarLoadsAndItsClassLoaderIsCollectedAfterUnload() throws Exception {
        Path jar = tmp.resolve("pricing-1.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
             java.util.stream.Stream<Path> files = java.nio.file.Files.walk(pricing)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(pricing.relativize(f).toString().replace('\\', '/')));
                out.write(java.nio.file.Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        try (BentoRuntime rt = base().build().start()) {
            WeakReference<ClassLoader> loader = loadAndUnload(rt, jar);
            awaitCollected(loader);
        }
    }

    private static WeakReference<ClassLoader> loadAndUnload(BentoRuntime rt, Path jar) {
        ModuleDescriptor d = rt.dynamicModules().load(jar).get(0);
        assertThat(d.origin()).contains("pricing-1.jar");
        assertThat(rt.container().get("pricing.version")).isEqualTo("1");
        WeakReference<ClassLoader> loader = new WeakReference<>(d.providerType().getClassLoader());
        rt.dynamicModules().unload("pricing");
        return loader;
    }

    private static void awaitCollected(WeakReference<ClassLoader> loader) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (loader.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(loader.get()).as("the class loader of the unloaded layer, 10 s of GC later").isNull();
    }

    @Test
    void aRequirementNeitherRunningNorLoadedIsNamedAndNothingIsRegistered() {
        try (BentoRuntime rt = base().build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(offersByName))
                    .isInstanceOfSatisfying(ModuleResolutionException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_DEPENDENCY))
                    .hasMessageContaining("module 'offers' requires [pricing], which is neither running nor in the paths")
                    .hasMessageContaining("running: [core]");
            assertThat(eventsSinceStart()).isEmpty();
            assertThat(rt.dynamicModules().loaded()).isEmpty();
        }
    }

    @Test
    void aJpmsModuleThatCannotResolveIsAClearError() {
        try (BentoRuntime rt = base().build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(offers))
                    .isInstanceOf(ModuleResolutionException.class)
                    .hasMessageContaining("Cannot resolve JPMS module(s) [dyn.offers]")
                    .hasMessageContaining("dyn.pricing")
                    .hasMessageContaining("load them first");
        }
    }

    @Test
    void aTakenNameIsRefusedAndSaysHowToReplace() {
        try (BentoRuntime rt = base().build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(clash))
                    .isInstanceOfSatisfying(ModuleResolutionException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_NAME))
                    .hasMessageContaining("A module named 'core' is already running in 'dyn-test'")
                    .hasMessageContaining("dyn.clash");
            rt.dynamicModules().load(pricing);
            assertThatThrownBy(() -> rt.dynamicModules().load(pricingV2))
                    .isInstanceOf(ModuleResolutionException.class)
                    .hasMessageContaining("JPMS module 'dyn.pricing'")
                    .hasMessageContaining("is already running, in a layer loaded from");
        }
    }

    @Test
    void badPathsAreClearErrors() {
        try (BentoRuntime rt = base().build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(tmp.resolve("nowhere.jar")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("nowhere.jar': no such file or folder");
            assertThatThrownBy(() -> rt.dynamicModules().load(noProvider))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("[dyn.plain]")
                    .hasMessageContaining("provide no com.bento.Module");
            assertThatThrownBy(() -> rt.dynamicModules().load(needsDatabase))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("requires the database");
            assertThatThrownBy(() -> rt.dynamicModules().load())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void loadingBeforeStartOrAfterCloseIsRefused() {
        BentoRuntime rt = base().build();
        assertThatThrownBy(() -> rt.dynamicModules().load(pricing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("it is not started");
        rt.start();
        rt.close();
        assertThatThrownBy(() -> rt.dynamicModules().load(pricing))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedStartUndoesOnlyThisLoad() {
        try (BentoRuntime rt = base().withService("fail.offers.startup", true).build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(pricing, offers))
                    .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.module()).contains("offers"))
                    .hasMessageContaining("Module 'offers'")
                    .hasMessageContaining("failed in onStartup")
                    .hasMessageContaining("told to fail in offers.startup")
                    .hasMessageContaining("stopped in reverse order (pricing)")
                    .hasMessageContaining("Fix the cause in dyn.offers.OffersModule.onStartup");
            assertThat(eventsSinceStart()).containsExactly("pricing.register", "offers.register", "pricing.startup",
                    "offers.startup", "pricing.shutdown", "pricing.rates.closed");
            assertThat(rt.container().has("pricing.version")).isFalse();
            assertThat(rt.container().has("offers.banner")).isFalse();
            assertThat(rt.container().get("core.clock")).isEqualTo("tick");
            assertThat(rt.dynamicModules().loaded()).isEmpty();
            assertThat(rt.isStarted()).isTrue();
            // nothing of the failed layer is left in the way
            rt.dynamicModules().load(pricing);
            assertThat(rt.container().get("pricing.version")).isEqualTo("1");
        }
    }

    @Test
    void aFailedRegistrationRemovesWhatTheLoadRegistered() {
        try (BentoRuntime rt = base().withService("fail.offers.register", true).build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(pricing, offers))
                    .isInstanceOf(LifecycleException.class)
                    .hasMessageContaining("failed in onRegister");
            assertThat(eventsSinceStart()).containsExactly("pricing.register", "offers.register", "pricing.rates.closed");
            assertThat(rt.container().has("pricing.version")).isFalse();
        }
    }

    @Test
    void aHookOverItsTimeIsAbandonedAndTheLoadUndone() {
        try (BentoRuntime rt = base().withHookTimeout(Duration.ofMillis(300)).build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(slow))
                    .isInstanceOf(LifecycleException.class)
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("onStartup of module 'slow' did not finish within PT0.3S");
            assertThat(rt.dynamicModules().loaded()).isEmpty();
        }
    }

    @Test
    void aGateSeesEveryModuleAndCanRejectALoad() {
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        com.bento.StartupGate noOffers = ctx -> {
            seen.add(ctx.modules());
            return ctx.modules().contains("offers") ? GateResult.failed("no-offers", List.of("offers are not allowed here"))
                    : GateResult.passed("no-offers");
        };
        try (BentoRuntime rt = base().withGate(noOffers).build().start()) {
            rt.dynamicModules().load(pricing);
            assertThatThrownBy(() -> rt.dynamicModules().load(offersByName))
                    .isInstanceOf(GateFailedException.class)
                    .hasMessageContaining("module(s) [offers] loaded into running service 'dyn-test'")
                    .hasMessageContaining("[no-offers] offers are not allowed here");
            assertThat(seen).containsExactly(List.of("core"), List.of("core", "pricing"), List.of("core", "pricing", "offers"));
            assertThat(eventsSinceStart()).containsExactly("pricing.register", "pricing.startup");
        }
    }

    @Test
    void unloadRefusesWhileRequiredAndCascadesInReverseOrder() {
        try (BentoRuntime rt = base().build().start()) {
            rt.dynamicModules().load(pricing);
            rt.dynamicModules().load(offers);
            events.clear();

            assertThatThrownBy(() -> rt.dynamicModules().unload("pricing"))
                    .isInstanceOfSatisfying(ModuleResolutionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.IN_USE);
                        assertThat(e.modules()).containsExactly("offers");
                    })
                    .hasMessageContaining("Module 'pricing' cannot be unloaded: loaded module(s) [offers] require it")
                    .hasMessageContaining("unload(\"pricing\", true)");
            assertThat(events).isEmpty();

            assertThat(rt.dynamicModules().unload("pricing", true)).containsExactly("offers", "pricing");
            assertThat(events).containsExactly("offers.shutdown", "pricing.shutdown", "pricing.rates.closed");
            assertThat(rt.container().has("offers.banner")).isFalse();
            assertThat(rt.container().has("pricing.version")).isFalse();
            assertThat(rt.container().get("core.clock")).isEqualTo("tick");
            assertThat(rt.dynamicModules().loaded()).isEmpty();
        }
    }

    @Test
    void aModuleWhoseJpmsModuleReadsAnotherLayerHoldsItAsADependent() {
        // banner names no Bento module in @Requires, but its JPMS module reads dyn.pricing (it uses Rates):
        // unloading pricing would pull classes from under it
        try (BentoRuntime rt = base().build().start()) {
            rt.dynamicModules().load(pricing);
            rt.dynamicModules().load(bannerReadingPricing);
            assertThat(rt.container().get("banner.text")).isEqualTo("rate v1");
            assertThatThrownBy(() -> rt.dynamicModules().unload("pricing"))
                    .isInstanceOfSatisfying(ModuleResolutionException.class, e -> assertThat(e.modules()).containsExactly("banner"))
                    .hasMessageContaining("their JPMS modules read its layer");
            assertThat(rt.dynamicModules().unload("pricing", true)).containsExactly("banner", "pricing");
        }
    }

    @Test
    void onlyLoadedModulesCanBeUnloaded() {
        try (BentoRuntime rt = base().build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().unload("core"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Module 'core' was started with runtime 'dyn-test'");
            assertThatThrownBy(() -> rt.dynamicModules().unload("ghost"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No module named 'ghost' is loaded in 'dyn-test'; loaded: []");
        }
    }

    @Test
    void theClassLoaderOfAnUnloadedLayerIsCollected() throws InterruptedException {
        try (BentoRuntime rt = base().build().start()) {
            awaitCollected(loadCallAndUnload(rt));
        }
    }

    private static WeakReference<ClassLoader> loadCallAndUnload(BentoRuntime rt) {
        ModuleDescriptor d = rt.dynamicModules().load(pricing).get(0);
        WeakReference<ClassLoader> loader = new WeakReference<>(d.providerType().getClassLoader());
        assertThat(loader.get()).isNotNull();
        assertThat(rt.container().get("pricing.rates")).isInstanceOf(AutoCloseable.class);
        rt.dynamicModules().unload("pricing");
        return loader;
    }

    @Test
    void reloadReplacesTheModuleWithItsNewVersion() {
        try (BentoRuntime rt = base().build().start()) {
            ClassLoader first = rt.dynamicModules().load(pricing).get(0).providerType().getClassLoader();
            events.clear();

            List<ModuleDescriptor> now = rt.dynamicModules().reload("pricing", pricingV2);

            assertThat(now).extracting(ModuleDescriptor::name).containsExactly("pricing");
            assertThat(now.get(0).providerType().getClassLoader()).isNotSameAs(first);
            assertThat(rt.container().get("pricing.version")).isEqualTo("2");
            assertThat(events).containsExactly("pricing.shutdown", "pricing.rates.closed", "pricing.register",
                    "pricing.startup");
        }
    }

    @Test
    void aFailedReloadLoadsTheOldVersionAgain() {
        try (BentoRuntime rt = base().build().start()) {
            rt.dynamicModules().load(pricing);
            assertThatThrownBy(() -> rt.dynamicModules().reload("pricing", pricingFailing))
                    .isInstanceOf(LifecycleException.class)
                    .hasMessageContaining("rates table unreadable");
            assertThat(rt.container().get("pricing.version")).isEqualTo("1");
            assertThat(rt.dynamicModules().loaded()).extracting(ModuleDescriptor::name).containsExactly("pricing");

            assertThatThrownBy(() -> rt.dynamicModules().reload("pricing", slowOrOther()))
                    .isInstanceOf(ModuleResolutionException.class)
                    .hasMessageContaining("hold module(s) [slow] but none named 'pricing'")
                    .hasMessageContaining("previous version of 'pricing'");
            assertThat(rt.container().get("pricing.version")).isEqualTo("1");
            assertThat(rt.dynamicModules().loaded()).extracting(ModuleDescriptor::name).containsExactly("pricing");
        }
    }

    private static Path slowOrOther() {
        return dynamic("other", "dyn.other", "OtherModule", "slow", "", "", "");
    }

    @Test
    void reloadRefusesWhileRequired() {
        try (BentoRuntime rt = base().build().start()) {
            rt.dynamicModules().load(pricing);
            rt.dynamicModules().load(offersByName);
            assertThatThrownBy(() -> rt.dynamicModules().reload("pricing", pricingV2))
                    .isInstanceOfSatisfying(ModuleResolutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_USE))
                    .hasMessageContaining("cannot be reloaded while loaded module(s) [offers] require it");
            assertThat(rt.container().get("pricing.version")).isEqualTo("1");
        }
    }

    @Test
    void closeUnloadsTheLoadedModulesBeforeTheRuntimesOwn() {
        BentoRuntime rt = base().build().start();
        rt.dynamicModules().load(pricing);
        rt.dynamicModules().load(offersByName);
        events.clear();
        rt.close();
        assertThat(events).containsExactly("offers.shutdown", "pricing.shutdown", "pricing.rates.closed", "core.shutdown");
    }

    /** Records what a host of loaded modules and a runtime listener are told. */
    private static final class Recorder implements DynamicModules.Listener, com.bento.spi.RuntimeListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public void beforeLoad(List<ModuleDescriptor> modules) {
            calls.add("beforeLoad " + modules.stream().map(ModuleDescriptor::name).toList());
            if (refuse) {
                throw new ConfigurationException("route GET /prices is served already");
            }
        }

        @Override
        public void loaded(List<ModuleDescriptor> modules) {
            calls.add("loaded " + modules.stream().map(ModuleDescriptor::name).toList());
        }

        @Override
        public void loadFailed(List<ModuleDescriptor> modules) {
            calls.add("loadFailed " + modules.stream().map(ModuleDescriptor::name).toList());
        }

        @Override
        public void beforeUnload(String module, boolean replacing) {
            calls.add("beforeUnload " + module + (replacing ? " replacing" : ""));
        }

        @Override
        public void unloaded(String module) {
            calls.add("unloaded " + module);
        }

        @Override
        public void reloadEnded(String module, boolean running) {
            calls.add("reloadEnded " + module + " " + running);
        }

        @Override
        public void modulesLoaded(List<String> modules, List<String> sources, java.time.Instant began,
                                  java.time.Instant ended, Throwable failure) {
            assertThat(ended).isAfterOrEqualTo(began);
            calls.add("event loaded " + modules + (failure == null ? "" : " failed"));
        }

        @Override
        public void modulesUnloaded(List<String> modules, java.time.Instant began, java.time.Instant ended,
                                    Throwable failure) {
            calls.add("event unloaded " + modules);
        }
    }

    @Test
    void hostsAndListenersAreToldOfEveryLoadUnloadAndReloadInOrder() {
        Recorder recorder = new Recorder();
        try (BentoRuntime rt = base().withListener(recorder).build().start()) {
            rt.dynamicModules().addListener(recorder);
            rt.dynamicModules().load(pricing);
            rt.dynamicModules().reload("pricing", pricingV2);
            rt.dynamicModules().unload("pricing");
            assertThat(recorder.calls).containsExactly(
                    "beforeLoad [pricing]", "loaded [pricing]", "event loaded [pricing]",
                    "beforeUnload pricing replacing", "unloaded pricing", "event unloaded [pricing]",
                    "beforeLoad [pricing]", "loaded [pricing]", "event loaded [pricing]", "reloadEnded pricing true",
                    "beforeUnload pricing", "unloaded pricing", "event unloaded [pricing]");
            assertThat(rt.dynamicModules().history()).extracting(DynamicModules.Event::type)
                    .containsExactly("module.loaded", "module.unloaded", "module.loaded", "module.unloaded");
            assertThat(rt.dynamicModules().history()).allSatisfy(e -> {
                assertThat(e.modules()).containsExactly("pricing");
                assertThat(e.failure()).isEmpty();
            });
        }
    }

    @Test
    void aHostThatRefusesALoadUndoesItBeforeAnyHookRuns() {
        Recorder recorder = new Recorder();
        try (BentoRuntime rt = base().withListener(recorder).withService("fail.pricing.startup", true).build().start()) {
            rt.dynamicModules().addListener(recorder);
            assertThatThrownBy(() -> rt.dynamicModules().load(pricing)).isInstanceOf(LifecycleException.class);
            recorder.refuse = true;
            assertThatThrownBy(() -> rt.dynamicModules().load(pricing))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("GET /prices is served already");
            assertThat(rt.dynamicModules().history()).extracting(DynamicModules.Event::type)
                    .containsExactly("module.load_failed", "module.load_failed");
            assertThat(rt.dynamicModules().history().get(1).failure()).hasValueSatisfying(f ->
                    assertThat(f).contains("GET /prices is served already"));
            assertThat(recorder.calls).containsExactly(
                    "beforeLoad [pricing]", "loadFailed [pricing]", "event loaded [pricing] failed",
                    "beforeLoad [pricing]", "event loaded [pricing] failed");
            // the module that failed its start is not stopped (as in a start of the runtime); what it registered is closed
            assertThat(eventsSinceStart()).containsExactly("pricing.register", "pricing.startup", "pricing.rates.closed");
        }
    }

    @Test
    void servicesThatHoldOtherModulesThingsAreToldToLetGoOnUnloadAndOnAnUndoneLoad() {
        List<String> told = new CopyOnWriteArrayList<>();
        com.bento.spi.UnloadAware holder = (module, classes) -> told.add(module + " " + classes.getName());
        try (BentoRuntime rt = base().withService("handlers", holder).build().start()) {
            rt.dynamicModules().load(pricing);
            rt.dynamicModules().unload("pricing");
            assertThat(told).containsExactly("pricing dyn.pricing");
        }
        told.clear();
        try (BentoRuntime rt = base().withService("handlers", holder).withService("fail.pricing.startup", true)
                .build().start()) {
            assertThatThrownBy(() -> rt.dynamicModules().load(pricing)).isInstanceOf(LifecycleException.class);
            assertThat(told).as("what it registered before failing is let go of too").containsExactly("pricing dyn.pricing");
        }
    }
}
