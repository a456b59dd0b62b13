package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.Requires;
import com.bento.runtime.Probe.CatalogModule;
import com.bento.runtime.Probe.Events;
import com.bento.runtime.Probe.InfraModule;
import com.bento.runtime.Probe.OrderingModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {

    /** A module with a chosen name; requirements come from the registry call. */
    record Named(String name) implements Module {
    }

    static final class CatalogBetaModule implements Module {
    }

    @Requires("catalog")
    static final class ReportsModule implements Module {
    }

    @Requires("infra")
    static final class Duplicate implements Module {
        @Override
        public String name() {
            return "catalog";
        }
    }

    @Requires("invntory")
    static final class ShippingModule implements Module {
    }

    @Requires({"shipping", "inventory"})
    static final class ReturnsModule implements Module {
    }

    static final class InventoryModule implements Module {
    }

    private final Events events = new Events();

    @Test
    void theDefaultNameIsTheSimpleClassNameWithoutModuleLowerCased() {
        assertThat(new CatalogBetaModule().name()).isEqualTo("catalogbeta");
        assertThat(new Duplicate().name()).as("overridden").isEqualTo("catalog");
        assertThat(Module.defaultName(Duplicate.class)).isEqualTo("duplicate");
    }

    @Test
    void dependenciesComeFirstAndTiesAreBrokenByName() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new ReportsModule());
        registry.register(new OrderingModule(events));
        registry.register(new CatalogModule(events));
        registry.register(new InfraModule(events));
        registry.register(new CatalogBetaModule());
        assertThat(registry.resolveOrder()).extracting(Module::name)
                .containsExactly("catalogbeta", "infra", "catalog", "ordering", "reports");
    }

    @Test
    void aShuffledRegistrationOrderGivesTheSameResult() {
        Random random = new Random(42);
        List<Module> modules = new ArrayList<>();
        List<List<String>> requires = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            modules.add(new Named(String.format("m%03d", i)));
            List<String> deps = new ArrayList<>();
            for (int d = 0; d < 3 && i > 0; d++) {
                deps.add(String.format("m%03d", random.nextInt(i)));
            }
            requires.add(deps);
        }
        List<String> expected = null;
        for (int round = 0; round < 20; round++) {
            List<Integer> idx = new ArrayList<>(IntStream.range(0, modules.size()).boxed().toList());
            Collections.shuffle(idx, random);
            ModuleRegistry registry = ModuleRegistry.create();
            idx.forEach(i -> registry.register(modules.get(i), requires.get(i)));
            List<String> order = registry.resolveOrder().stream().map(Module::name).toList();
            if (expected == null) {
                expected = order;
                for (int i = 0; i < modules.size(); i++) {
                    for (String dep : requires.get(i)) {
                        assertThat(order.indexOf(dep)).as("%s after its dependency %s", modules.get(i).name(), dep)
                                .isLessThan(order.indexOf(modules.get(i).name()));
                    }
                }
            }
            assertThat(order).isEqualTo(expected);
        }
    }

    @Test
    void aMissingDependencyNamesTheModuleTheMissingNameTheLoadedModulesAndTheFix() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new ShippingModule());
        registry.register(new InventoryModule());
        assertThatThrownBy(registry::resolveOrder).isInstanceOf(ModuleResolutionException.class)
                .hasMessage("Module 'shipping' requires module 'invntory', which is not loaded. Did you mean 'inventory'?\n"
                        + "Loaded modules: inventory, shipping.\n"
                        + "Fix: put the jar of module 'invntory' on the module path (or class path), or remove it"
                        + " from @Requires on com.bento.runtime.ModuleRegistryTest$ShippingModule.")
                .satisfies(e -> {
                    ModuleResolutionException m = (ModuleResolutionException) e;
                    assertThat(m.reason()).isEqualTo(Reason.MISSING_DEPENDENCY);
                    assertThat(m.modules()).containsExactly("invntory");
                });
    }

    @Test
    void aCyclePrintsTheWholePath() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new Named("a"), List.of("b"));
        registry.register(new Named("b"), List.of("c"));
        registry.register(new Named("c"), List.of("a"));
        registry.register(new Named("d"), List.of("a"));
        registry.register(new Named("e"), List.of());
        assertThatThrownBy(registry::resolveOrder).isInstanceOf(ModuleResolutionException.class)
                .hasMessage("Module dependency cycle: a -> b -> c -> a. Each module in it requires the next, so none"
                        + " can start first. Break the cycle: remove 'b' from @Requires on module 'a', or move what"
                        + " both need into a module they both require.")
                .satisfies(e -> assertThat(((ModuleResolutionException) e).modules()).containsExactly("a", "b", "c", "a"));
    }

    @Test
    void aCycleIsPrintedFromItsSmallestNameWhereverTheWalkEntersIt() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new Named("a"), List.of("z"));
        registry.register(new Named("z"), List.of("y"));
        registry.register(new Named("y"), List.of("x"));
        registry.register(new Named("x"), List.of("z"));
        assertThatThrownBy(registry::resolveOrder).hasMessageStartingWith("Module dependency cycle: x -> z -> y -> x.");
    }

    @Test
    void aModuleRequiringItselfIsACycle() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new Named("loop"), List.of("loop"));
        assertThatThrownBy(registry::resolveOrder).hasMessageStartingWith("Module dependency cycle: loop -> loop.");
    }

    @Test
    void duplicateNamesListBothProvidersWithWhereTheyCameFrom() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new CatalogModule(events));
        assertThatThrownBy(() -> registry.register(new Duplicate())).isInstanceOf(ModuleResolutionException.class)
                .hasMessageStartingWith("Two modules are named 'catalog': com.bento.runtime.Probe$CatalogModule (module"
                        + " bento.runtime.impl")
                .hasMessageContaining("and com.bento.runtime.ModuleRegistryTest$Duplicate (module bento.runtime.impl")
                .hasMessageEndingWith("Module names must be unique: remove one of them from the module path or class"
                        + " path, or give one another name by overriding name().");
    }

    @Test
    void anInvalidNameIsRefusedWithThePattern() {
        ModuleRegistry registry = ModuleRegistry.create();
        assertThatThrownBy(() -> registry.register(new Named("has space"))).isInstanceOf(ModuleResolutionException.class)
                .hasMessage("Module com.bento.runtime.ModuleRegistryTest$Named has an invalid module name in its name:"
                        + " 'has space'. Expected letters, digits, '_', '-' or '.' (pattern [A-Za-z0-9_.-]+). Override"
                        + " name() to return a valid name.");
        assertThatThrownBy(() -> registry.register(new Module() { })).hasMessageContaining("invalid module name in its name: ''");
    }

    @Test
    void theOrderIsCachedAndAnyChangeInvalidatesIt() {
        ModuleRegistry registry = ModuleRegistry.create();
        registry.register(new InfraModule(events));
        List<Module> first = registry.resolveOrder();
        assertThat(registry.resolveOrder()).isSameAs(first);
        registry.register(new CatalogModule(events));
        assertThat(registry.resolveOrder()).extracting(Module::name).containsExactly("infra", "catalog");
        registry.replace(new Named("catalog"));
        assertThat(registry.resolveOrder()).extracting(Module::name).containsExactly("catalog", "infra");
    }

    @Test
    void aHundredThousandModuleChainResolvesAndItsCycleIsFoundWithoutStackOverflow() {
        int n = 100_000;
        ModuleRegistry chain = ModuleRegistry.create();
        for (int i = 0; i < n; i++) {
            chain.register(new Named("m" + i), i == 0 ? List.of() : List.of("m" + (i - 1)));
        }
        List<Module> order = chain.resolveOrder();
        assertThat(order).hasSize(n);
        assertThat(order.get(n - 1).name()).isEqualTo("m" + (n - 1));

        ModuleRegistry loop = ModuleRegistry.create();
        for (int i = 0; i < n; i++) {
            loop.register(new Named("m" + i), List.of("m" + ((i + 1) % n)));
        }
        assertThatThrownBy(loop::resolveOrder).isInstanceOf(ModuleResolutionException.class)
                .satisfies(e -> assertThat(((ModuleResolutionException) e).modules()).hasSize(n + 1));
    }

    @Test
    void requirementsAreReadFromTheAnnotationWithoutRepeats() {
        ModuleRegistry registry = ModuleRegistry.create();
        assertThat(registry.requiresOf(new ReturnsModule())).containsExactly("shipping", "inventory");
        assertThat(registry.requiresOf(new InventoryModule())).isEmpty();
    }
}
