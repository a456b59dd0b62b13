package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Module;
import com.bento.ModuleResolutionException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of real, separately compiled modules: on a module layer and on a class path. */
class DiscoveryTest {

    @TempDir
    static Path tmp;
    static Path infra;
    static Path catalog;
    static Path plainCatalog;
    static Path otherInfra;
    static Path broken;
    static Path brokenListener;

    @BeforeAll
    static void compileFixtures() {
        infra = Fixtures.compile(tmp.resolve("shop.infra"), Map.of(
                "module-info.java", "module shop.infra { requires bento.runtime.api;"
                        + " provides com.bento.Module with shop.infra.InfraModule; }",
                "shop/infra/InfraModule.java", Fixtures.moduleClass("shop.infra", "InfraModule", "",
                        "public void onRegister(Container c) { c.set(\"infra.clock\", \"tick\"); }")),
                Map.of("META-INF/services/com.bento.Module", "shop.infra.InfraModule\n"));
        catalog = Fixtures.compile(tmp.resolve("shop.catalog"), Map.of(
                "module-info.java", "module shop.catalog { requires bento.runtime.api;"
                        + " provides com.bento.Module with shop.catalog.CatalogModule; }",
                "shop/catalog/CatalogModule.java", Fixtures.moduleClass("shop.catalog", "CatalogModule", "\"infra\"",
                        "public void onRegister(Container c) { c.set(\"catalog.repo\", c.get(\"infra.clock\") + \"-repo\"); }")),
                Map.of("META-INF/services/com.bento.Module", "shop.catalog.CatalogModule\n"));
        plainCatalog = Fixtures.compile(tmp.resolve("plain.catalog"), Map.of(
                "shop/catalog/CatalogModule.java", Fixtures.moduleClass("shop.catalog", "CatalogModule", "\"infra\"", "")),
                Map.of());
        otherInfra = Fixtures.compile(tmp.resolve("other.infra"), Map.of(
                "legacy/LegacyInfraModule.java", Fixtures.moduleClass("legacy", "LegacyInfraModule", "",
                        "public String name() { return \"infra\"; }")),
                Map.of("META-INF/services/com.bento.Module", "legacy.LegacyInfraModule\n"));
        broken = Fixtures.compile(tmp.resolve("broken"), Map.of(
                "broken/BrokenModule.java", Fixtures.moduleClass("broken", "BrokenModule", "",
                        "public BrokenModule() { throw new IllegalStateException(\"no config file\"); }")),
                Map.of("META-INF/services/com.bento.Module", "broken.BrokenModule\n"));
        brokenListener = Fixtures.compile(tmp.resolve("broken.listener"), Map.of(
                "broken/BrokenListener.java", "package broken; public class BrokenListener implements"
                        + " com.bento.spi.RuntimeListener { private BrokenListener() { } }"),
                Map.of("META-INF/services/com.bento.spi.RuntimeListener", "broken.BrokenListener\n"));
    }

    @Test
    void aProviderThatCannotBeCreatedStopsTheBuildNamingItsJarTheCauseAndTheFix() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {infra.toUri().toURL(), broken.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> BentoRuntime.builder().withListenerDiscovery(false).discoverModules(loader).build())
                    .isInstanceOf(ModuleResolutionException.class)
                    .satisfies(e -> assertThat(((ModuleResolutionException) e).reason())
                            .isEqualTo(ModuleResolutionException.Reason.LOAD_FAILED))
                    .hasMessageStartingWith("Provider broken.BrokenModule (class path, " + broken + ") of com.bento.Module"
                            + " could not be created: ")
                    .hasMessageContaining("(java.lang.IllegalStateException: no config file). Fix: the class named in"
                            + " 'provides com.bento.Module with ...' (module-info.java) or in META-INF/services/com.bento.Module"
                            + " must exist, be public");
        }
    }

    @Test
    void everySpiFollowsTheSamePolicyAListenerThatCannotBeCreatedIsNotSkipped() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {infra.toUri().toURL(), brokenListener.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> BentoRuntime.builder().discoverModules(loader).build())
                    .isInstanceOf(ModuleResolutionException.class)
                    .hasMessageStartingWith("A provider of com.bento.spi.RuntimeListener could not be created: ")
                    .hasMessageContaining("broken.BrokenListener");
        }
    }

    @Test
    void withNamedModulesTheOtherModulesOnThePathAreListedOnceAsPresentNotLoaded() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {infra.toUri().toURL(), catalog.toUri().toURL()},
                getClass().getClassLoader())) {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                Module given = (Module) loader.loadClass("shop.infra.InfraModule").getConstructor().newInstance();
                BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false).withModules(given).build();
                assertThat(runtime.modules()).containsExactly(given);
                assertThat(runtime.moduleDescriptors()).singleElement().satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(ModuleDescriptor.Kind.GIVEN);
                    assertThat(d.jpmsModule()).isEqualTo("unnamed");
                    assertThat(d.origin()).isEqualTo("shop.infra.InfraModule (class path, " + infra + ")");
                });
                assertThat(runtime.modulesNotLoaded()).as("the given module's class is not created a second time")
                        .singleElement().satisfies(d -> {
                            assertThat(d.name()).isEqualTo("catalog");
                            assertThat(d.kind()).isEqualTo(ModuleDescriptor.Kind.PRESENT);
                            assertThat(d.requires()).containsExactly("infra");
                        });
                assertThat(runtime.replacedModules()).isEmpty();
                runtime.close();
            } finally {
                thread.setContextClassLoader(before);
            }
        }
    }

    @Test
    void modulesOnAModuleLayerAreFoundThroughTheirProvidesClauseAndOrdered() {
        ModuleLayer layer = Fixtures.layer(Set.of("shop.catalog", "shop.infra"), catalog, infra);
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false).discoverModules(layer).build();

        assertThat(runtime.modules()).extracting(Module::name).containsExactly("infra", "catalog");
        assertThat(runtime.modules().get(1).getClass().getModule().getName()).isEqualTo("shop.catalog");
        assertThat(runtime.container().get("catalog.repo")).isEqualTo("tick-repo");
        assertThat(runtime.moduleStatuses().get(0).origin()).isEqualTo("shop.infra.InfraModule (module shop.infra, " + infra + ")");
        runtime.close();
    }

    @Test
    void aModuleNobodyRequiresIsStillBoundAsAProvider() {
        ModuleLayer layer = Fixtures.layer(Set.of("shop.infra"), catalog, infra);
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false).discoverModules(layer).build();
        assertThat(runtime.modules()).extracting(Module::name).containsExactly("infra", "catalog");
        runtime.close();
    }

    @Test
    void jarsOnTheClassPathAreFoundThroughMetaInfServices() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {infra.toUri().toURL(), catalog.toUri().toURL()},
                getClass().getClassLoader())) {
            BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false).discoverModules(loader).build();
            assertThat(runtime.modules()).extracting(Module::name).containsExactly("infra", "catalog");
            assertThat(runtime.modules().get(0).getClass().getModule().isNamed()).isFalse();
            assertThat(runtime.moduleStatuses().get(0).origin()).isEqualTo("shop.infra.InfraModule (class path, " + infra + ")");
            runtime.close();
        }
    }

    @Test
    void aClassPathJarWithoutMetaInfServicesIsNotFound() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {plainCatalog.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> BentoRuntime.builder().withListenerDiscovery(false).discoverModules(loader).build())
                    .isInstanceOf(ModuleResolutionException.class)
                    .satisfies(e -> assertThat(((ModuleResolutionException) e).reason())
                            .isEqualTo(ModuleResolutionException.Reason.NO_MODULES));
        }
    }

    @Test
    void twoJarsProvidingTheSameModuleNameAreNamedWithTheirLocations() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {infra.toUri().toURL(), otherInfra.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> BentoRuntime.builder().withListenerDiscovery(false).discoverModules(loader).build())
                    .isInstanceOf(ModuleResolutionException.class)
                    .hasMessageStartingWith("Two modules are named 'infra': shop.infra.InfraModule (class path, "
                            + infra + ") and legacy.LegacyInfraModule (class path, " + otherInfra + ").");
        }
    }

    @Test
    void aMissingRequiredModuleOnTheLayerIsReportedWithTheLoadedOnes() {
        ModuleLayer layer = Fixtures.layer(Set.of("shop.catalog"), catalog);
        assertThatThrownBy(() -> BentoRuntime.builder().withListenerDiscovery(false).discoverModules(layer).build())
                .isInstanceOf(ModuleResolutionException.class)
                .hasMessage("Module 'catalog' requires module 'infra', which is not loaded.\n"
                        + "Loaded modules: catalog.\n"
                        + "Fix: put the jar of module 'infra' on the module path (or class path), or remove it from"
                        + " @Requires on shop.catalog.CatalogModule.");
    }
}
