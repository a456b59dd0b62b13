package com.bento.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of a {@link BentoTest} class whose value is a service of a mock module: the fields naming
 * one module make up that module, which stands in for the real module of that name (or joins the
 * application when there is none), as a {@link MockModule} given to {@code RuntimeBuilder.withStandIn} does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface TestMock {

    /** @return the name of the module the mock stands in for */
    String module();

    /** @return the name of the service entry */
    String name();
}
