package com.bento.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Container;
import com.bento.Module;
import com.bento.ServiceKey;
import com.bento.runtime.BentoRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BentoAssertionsTest {

    static final class Catalog implements Module {
        @Override
        public String name() {
            return "catalog";
        }

        @Override
        public void onRegister(Container container) {
            container.set("catalog.repo", CharSequence.class, "products");
        }
    }

    private BentoRuntime runtime;

    @BeforeEach
    void start() {
        runtime = BentoRuntime.builder().withListenerDiscovery(false).withModules(new Catalog()).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aLoadedModulePassesAndAMissingOneIsReportedWithWhatIsLoaded() {
        assertThatCode(() -> BentoAssertions.assertModuleLoaded(runtime, "catalog")).doesNotThrowAnyException();
        assertThatThrownBy(() -> BentoAssertions.assertModuleLoaded(runtime, "billing")).isInstanceOf(AssertionError.class)
                .hasMessage("Expected module 'billing' to be loaded, but it is not. Loaded modules: catalog.");
    }

    @Test
    void aRegisteredServicePassesAndAMissingOneIsReportedWithWhatIsRegistered() {
        assertThatCode(() -> BentoAssertions.assertServiceRegistered(runtime, "catalog.repo")).doesNotThrowAnyException();
        assertThatThrownBy(() -> BentoAssertions.assertServiceRegistered(runtime, "billing.repo"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected service 'billing.repo' to be registered, but it is not. Registered: ")
                .hasMessageContaining("catalog.repo");
    }

    @Test
    void aKeyAlsoChecksTheDeclaredType() {
        assertThatCode(() -> BentoAssertions.assertServiceRegistered(runtime, ServiceKey.of("catalog.repo", CharSequence.class)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> BentoAssertions.assertServiceRegistered(runtime, ServiceKey.of("catalog.repo", Integer.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected service 'catalog.repo' to be a java.lang.Integer, but it is declared as java.lang.CharSequence.");
    }
}
