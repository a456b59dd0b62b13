package com.bento;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a {@link Module} class, the names of the modules it depends on.
 *
 * <pre>{@code
 * @Requires({"infra", "catalog"})
 * public final class OrderingModule implements Module { }
 * }</pre>
 *
 * <p>The runtime reads this annotation; modules never compute their dependencies. A required
 * module that is not loaded, and a cycle of requirements, fail the start with a message that
 * names the modules involved.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Requires {

    /**
     * The names of the required modules.
     *
     * @return module names, as returned by their {@link Module#name()}
     */
    String[] value();
}
