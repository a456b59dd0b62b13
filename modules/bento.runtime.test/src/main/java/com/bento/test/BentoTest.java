package com.bento.test;

import com.bento.Module;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a Bento runtime for a JUnit 5 test class, in test mode, and closes it after.
 *
 * <pre>{@code
 * @BentoTest(modules = {InfraModule.class, CatalogModule.class})
 * class CatalogTest {
 *     @TestMock(module = "pricing", name = "pricing.rates")
 *     static Rates rates = sku -> 100;
 *
 *     @Test
 *     void listsProducts(CategoryRepository repo, @Service("catalog.banner") String banner) { ... }
 * }
 * }</pre>
 *
 * <p>The modules are the ones named (each made with its no-argument constructor), or, when none is
 * named, the ones discovered on the module path or class path. Fields annotated {@link TestService}
 * become container entries given to the builder, fields annotated {@link TestMock} the services of
 * mock modules standing in for real ones. Test methods (and {@code @BeforeEach} / {@code @AfterEach}
 * methods) receive the {@link com.bento.runtime.BentoRuntime}, its {@link com.bento.Container}, an
 * entry by name ({@link Service}) or an entry by type when exactly one has that type.
 *
 * <p>With {@code web = true} the runtime is hosted by Bento's Micronaut host on a free port (the
 * {@code bento.runtime.micronaut} module must be on the test path): tests may then also receive the
 * {@code BentoApp}, the server's {@link java.net.URI}, and any bean of the Micronaut context by type
 * (container entries are bridged into it, so they come either way).
 *
 * <p>With {@link Lifecycle#PER_CLASS} (the default) one runtime serves every test of the class and
 * reads static fields only; with {@link Lifecycle#PER_METHOD} each test gets a new runtime, built
 * from the test instance's fields, static or not.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(BentoExtension.class)
public @interface BentoTest {

    /** @return the modules to run; none: the discovered ones */
    Class<? extends Module>[] modules() default {};

    /** @return the service name the runtime reports */
    String service() default "test";

    /** @return the environment the runtime runs in */
    String environment() default "test";

    /** @return a contracts folder to check before the start, relative to the working directory; none by default */
    String contracts() default "";

    /** @return whether the runtime is started (module {@code onStartup} hooks run) or only built (registered) */
    boolean start() default true;

    /**
     * @return whether the runtime is served over HTTP by the Micronaut host on a free port (then
     *         {@link #start()} must stay true)
     */
    boolean web() default false;

    /** @return one runtime for the class, or one per test */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** How long one runtime lives. */
    enum Lifecycle {
        /** Built before the class's first test, closed after its last. */
        PER_CLASS,
        /** Built before each test, closed after it. */
        PER_METHOD
    }
}
