package com.bento.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import com.bento.runtime.BentoRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes that use {@code @BentoTest} through JUnit's own engine and checks what
 * their tests saw and what happened to the runtime around them, from recorded lifecycle events.
 */
class BentoExtensionTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** A module that reads an entry the test gives and registers one of its own. */
    public static final class Greeter implements Module {
        @Override
        public String name() {
            return "greeter";
        }

        @Override
        public void onRegister(Container container) {
            @SuppressWarnings("unchecked")
            Supplier<String> who = container.get("greeter.who", Supplier.class);
            container.set("greeter.greeting", CharSequence.class, "hello " + who.get());
            EVENTS.add("greeter.register");
        }

        @Override
        public void onStartup(Container container) {
            EVENTS.add("greeter.startup");
        }

        @Override
        public void onShutdown(Container container) {
            EVENTS.add("greeter.shutdown");
        }
    }

    /** A real module that the tests replace with a mock. */
    @Requires("greeter")
    public static final class Billing implements Module {
        @Override
        public String name() {
            return "billing";
        }

        @Override
        public void onRegister(Container container) {
            EVENTS.add("billing.register (real)");
            container.set("billing.rates", Integer.class, 7);
        }
    }

    @BentoTest(modules = {Greeter.class, Billing.class})
    static class PerClass {
        static final List<BentoRuntime> SEEN = new CopyOnWriteArrayList<>();

        @TestService("greeter.who")
        static Supplier<String> who = () -> "world";

        @TestMock(module = "billing", name = "billing.rates")
        static Integer rates = 42;

        @Test
        void first(BentoRuntime runtime, @Service("greeter.greeting") CharSequence greeting, Integer billingRates) {
            SEEN.add(runtime);
            assertThat(runtime.isStarted()).isTrue();
            assertThat(runtime.testMode()).isTrue();
            assertThat(greeting).hasToString("hello world");
            assertThat(billingRates).isEqualTo(42);
        }

        @Test
        void second(BentoRuntime runtime, Container container) {
            SEEN.add(runtime);
            assertThat(container).isSameAs(runtime.container());
        }
    }

    @BentoTest(modules = Greeter.class, lifecycle = BentoTest.Lifecycle.PER_METHOD, start = false)
    static class PerMethod {
        static final List<BentoRuntime> SEEN = new CopyOnWriteArrayList<>();

        @TestService("greeter.who")
        Supplier<String> who = () -> "instance";

        @Test
        void first(BentoRuntime runtime, CharSequence greeting) {
            SEEN.add(runtime);
            assertThat(runtime.isStarted()).as("start = false: registered, not started").isFalse();
            assertThat(greeting).hasToString("hello instance");
        }

        @Test
        void second(BentoRuntime runtime) {
            SEEN.add(runtime);
        }
    }

    @BentoTest(modules = Greeter.class)
    static class InstanceFieldPerClass {
        @TestService("greeter.who")
        Supplier<String> who = () -> "never";

        @Test
        void test() {
        }
    }

    @BentoTest(modules = Greeter.class)
    static class UnknownEntry {
        @TestService("greeter.who")
        static Supplier<String> who = () -> "world";

        @Test
        void test(@Service("greeter.missing") CharSequence missing) {
        }
    }

    @BentoTest(modules = Greeter.class, web = true)
    static class Served {
        static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @TestService("greeter.who")
        static Supplier<String> who = () -> "web";

        @Test
        void getsTheServerAndItsBeans(com.bento.runtime.micronaut.BentoApp app, java.net.URI url,
                                      io.micronaut.runtime.server.EmbeddedServer server,
                                      @Service("greeter.greeting") CharSequence greeting) throws Exception {
            SEEN.add(app);
            assertThat(url).isEqualTo(app.url());
            assertThat(server.getPort()).isEqualTo(app.port()).isPositive();
            assertThat(greeting).hasToString("hello web");
            java.net.HttpURLConnection health = (java.net.HttpURLConnection) url.resolve("/health").toURL().openConnection();
            try (java.io.InputStream body = health.getInputStream()) {
                assertThat(health.getResponseCode()).isEqualTo(200);
                assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
            } finally {
                health.disconnect();
            }
        }
    }

    @BentoTest(modules = Greeter.class, web = true, start = false)
    static class ServedButNotStarted {
        @TestService("greeter.who")
        static Supplier<String> who = () -> "web";

        @Test
        void test() {
        }
    }

    private static Events run(Class<?> type) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute().allEvents();
    }

    @Test
    void perClassOneRuntimeServesEveryTestAndIsClosedAfterTheLast() {
        EVENTS.clear();
        PerClass.SEEN.clear();
        run(PerClass.class).assertStatistics(s -> s.succeeded(4).failed(0)); // the class, the engine and two tests
        assertThat(PerClass.SEEN).hasSize(2).allSatisfy(r -> assertThat(r).isSameAs(PerClass.SEEN.get(0)));
        assertThat(EVENTS).as("the mock stood in for the real billing module")
                .containsExactly("greeter.register", "greeter.startup", "greeter.shutdown");
        assertThat(PerClass.SEEN.get(0).isStarted()).as("closed after the class").isFalse();
    }

    @Test
    void perMethodEachTestGetsItsOwnRuntimeFromTheInstancesFields() {
        EVENTS.clear();
        PerMethod.SEEN.clear();
        run(PerMethod.class).assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(PerMethod.SEEN).hasSize(2);
        assertThat(PerMethod.SEEN.get(0)).isNotSameAs(PerMethod.SEEN.get(1));
        assertThat(EVENTS).containsExactly("greeter.register", "greeter.register");
    }

    @Test
    void anInstanceFieldWithAPerClassRuntimeIsAConfigurationErrorThatSaysWhatToDo() {
        Events events = run(InstanceFieldPerClass.class);
        events.assertStatistics(s -> s.failed(1));
        assertThat(events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")))
                .singleElement().asString()
                .contains("InstanceFieldPerClass.who").contains("make the field static")
                .contains("lifecycle = PER_METHOD");
    }

    @Test
    void aParameterNamingNoEntryFailsTheTestNamingTheEntry() {
        Events events = run(UnknownEntry.class);
        events.assertStatistics(s -> s.failed(1));
        assertThat(events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")))
                .singleElement().asString().contains("greeter.missing");
    }

    @Test
    void webServesTheRuntimeOnAFreePortAndGivesTestsItsBeansThenStopsIt() {
        EVENTS.clear();
        Served.SEEN.clear();
        run(Served.class).assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(EVENTS).containsExactly("greeter.register", "greeter.startup", "greeter.shutdown");
        com.bento.runtime.micronaut.BentoApp app = (com.bento.runtime.micronaut.BentoApp) Served.SEEN.get(0);
        assertThat(app.context().isRunning()).as("the server is stopped after the class").isFalse();
        assertThat(app.runtime().isStarted()).isFalse();
    }

    @Test
    void webWithoutStartIsAConfigurationError() {
        Events events = run(ServedButNotStarted.class);
        events.assertStatistics(s -> s.failed(1));
        assertThat(events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")))
                .singleElement().asString().contains("web = true, start = false").contains("Remove start = false");
    }
}
