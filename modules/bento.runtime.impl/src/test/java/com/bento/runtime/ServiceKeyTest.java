package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.ContainerException;
import com.bento.Lifetime;
import com.bento.Ports;
import com.bento.ServiceKey;
import com.bento.ServiceNotFoundException;
import com.bento.runtime.Probe.Events;
import com.bento.runtime.Probe.InfraModule;
import com.bento.spi.RuntimeDescriptor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceKeyTest {

    interface Clock {
        long now();
    }

    static final ServiceKey<Clock> CLOCK = ServiceKey.of("infra.clock", Clock.class);

    @Test
    void aKeySetsAndGetsTypedWithoutACast() {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            Clock fixed = () -> 42;
            container.set(CLOCK, fixed);
            Clock got = container.get(CLOCK);
            assertThat(got).isSameAs(fixed);
            assertThat(container.find(CLOCK)).containsSame(fixed);
            assertThat(container.has(CLOCK)).isTrue();
            assertThat(container.entries()).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("infra.clock");
                assertThat(e.type()).isEqualTo(Clock.class);
            });
        }
    }

    @Test
    void aKeysFactoryKeepsTheLifetimeAsked() {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            AtomicInteger made = new AtomicInteger();
            container.setFactory(CLOCK, () -> {
                int n = made.incrementAndGet();
                return () -> n;
            }, Lifetime.TRANSIENT);
            assertThat(container.get(CLOCK).now()).isEqualTo(1);
            assertThat(container.get(CLOCK).now()).as("transient: a new one per lookup").isEqualTo(2);
            ServiceKey<Object> lazy = ServiceKey.of("infra.lazy", Object.class);
            container.setFactory(lazy, Object::new);
            assertThat(container.get(lazy)).isSameAs(container.get(lazy));
        }
    }

    @Test
    void aKeyWhoseTypeDiffersFromTheEntrysIsATypeMismatchAndAMissingOneIsNamed() {
        try (StandaloneContainer container = StandaloneContainer.create()) {
            container.set("infra.clock", "not a clock");
            assertThatThrownBy(() -> container.get(CLOCK)).isInstanceOf(ContainerException.class)
                    .satisfies(e -> assertThat(((ContainerException) e).reason()).isEqualTo(ContainerException.Reason.TYPE_MISMATCH));
            assertThatThrownBy(() -> container.get(ServiceKey.of("infra.other", Clock.class)))
                    .isInstanceOf(ServiceNotFoundException.class).hasMessageContaining("infra.other");
            assertThat(container.find(ServiceKey.of("infra.other", Clock.class))).isEmpty();
        }
    }

    @Test
    void aBlankNameIsRefusedWithTheType() {
        assertThatThrownBy(() -> ServiceKey.of(" ", Clock.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank").hasMessageContaining(Clock.class.getName());
        assertThat(ServiceKey.of("a", Clock.class)).isEqualTo(ServiceKey.of("a", Clock.class))
                .hasToString("a (" + Clock.class.getName() + ")");
    }

    @Test
    void theRuntimesOwnEntriesAnswerToTheirKeys() {
        BentoRuntime runtime = BentoRuntime.builder().withListenerDiscovery(false)
                .withModules(new InfraModule(new Events())).build();
        try {
            assertThat(runtime.container().get(BentoRuntime.KEY)).isSameAs(runtime);
            assertThat(runtime.container().get(Ports.KEY)).isNotNull();
            assertThat(runtime.container().get(PerformanceMonitor.KEY)).isNotNull();
            assertThat(runtime.container().get(RuntimeDescriptor.KEY).modules()).containsExactly("infra");
        } finally {
            runtime.close();
        }
    }
}
