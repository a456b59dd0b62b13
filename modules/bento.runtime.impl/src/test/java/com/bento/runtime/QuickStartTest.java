package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import org.junit.jupiter.api.Test;

/** The README's quick start, runnable: two modules, one requiring the other, started and stopped. */
class QuickStartTest {

    interface Greeter {
        String greet(String who);
    }

    public static final class InfraModule implements Module {
        @Override
        public void onRegister(Container container) {
            container.set("infra.greeter", Greeter.class, who -> "Hello, " + who);
        }
    }

    @Requires("infra")
    public static final class CatalogModule implements Module {
        @Override
        public void onRegister(Container container) {
            Greeter greeter = container.get("infra.greeter", Greeter.class);
            container.setFactory("catalog.banner", String.class, () -> greeter.greet("catalog"));
        }

        @Override
        public void onStartup(Container container) {
            System.out.println(container.get("catalog.banner"));
        }
    }

    @Test
    void quickStart() {
        try (BentoRuntime runtime = BentoRuntime.builder()
                .withConfig("quick-start", "local")
                .withModules(new CatalogModule(), new InfraModule())
                .build()
                .start()) {
            runtime.logStartupMetrics();
            System.out.println(runtime.startupMetrics().summary());
            assertThat(runtime.modules()).extracting(Module::name).containsExactly("infra", "catalog");
            assertThat(runtime.container().get("catalog.banner")).isEqualTo("Hello, catalog");
        }
    }
}
