package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Container;
import com.bento.ContainerException;
import com.bento.LifecycleException;
import com.bento.Module;
import com.bento.Ports;
import com.bento.Requires;
import com.bento.ServiceNotFoundException;
import org.junit.jupiter.api.Test;

class PortsTest {

    public interface PricingPort {
        long price(String sku);
    }

    static final class CatalogModule implements Module {
        @Override
        public void onRegister(Container container) {
            container.get("ports", Ports.class).provide(PricingPort.class, sku -> 250);
        }
    }

    @Requires("catalog")
    static final class OrderingModule implements Module {
        long quoted;

        @Override
        public void onRegister(Container container) {
            quoted = container.get("ports", Ports.class).get(PricingPort.class).price("tea");
        }
    }

    /** Uses the port but forgot to require the module that provides it. */
    static final class BillingModule implements Module {
        @Override
        public void onRegister(Container container) {
            container.get("ports", Ports.class).get(PricingPort.class);
        }
    }

    static final class RivalModule implements Module {
        @Override
        public void onRegister(Container container) {
            container.get("ports", Ports.class).provide(PricingPort.class, sku -> 1);
        }
    }

    private static RuntimeBuilder builder() {
        return BentoRuntime.builder().withListenerDiscovery(false);
    }

    @Test
    void aModuleUsesAPortAnotherProvidesAndTheProviderIsRecorded() {
        OrderingModule ordering = new OrderingModule();
        BentoRuntime runtime = builder().withModules(ordering, new CatalogModule()).build();
        assertThat(ordering.quoted).isEqualTo(250);
        assertThat(runtime.container().get("ports", Ports.class).providers()).containsEntry(PricingPort.class, "catalog");
        runtime.close();
    }

    @Test
    void aMissingPortNamesTheAskingModuleWhatItRequiresAndTheFix() {
        assertThatThrownBy(() -> builder().withModules(new BillingModule(), new CatalogModule()).build())
                .isInstanceOf(LifecycleException.class)
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(ServiceNotFoundException.class)
                        .hasMessage("No module provides port com.bento.runtime.PortsTest$PricingPort. Module 'billing' asked"
                                + " for it; it requires no module, and a port is only there once the module providing it"
                                + " has registered. Provided ports: none. Fix: in the module that implements it, call"
                                + " ports.provide(PricingPort.class, impl) in onRegister, and add that module to @Requires"
                                + " of the module that uses the port."));
    }

    @Test
    void twoModulesCannotProvideTheSamePort() {
        assertThatThrownBy(() -> builder().withModules(new CatalogModule(), new RivalModule()).build())
                .isInstanceOf(LifecycleException.class)
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(ContainerException.class)
                        .hasMessage("Port com.bento.runtime.PortsTest$PricingPort is already provided by module 'catalog';"
                                + " module 'rival' offered it again. One module provides each port: remove one of the"
                                + " provide calls."));
    }
}
