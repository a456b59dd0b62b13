package com.bento.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of a {@link BentoTest} class whose value is given to the runtime as a container entry
 * (as {@code RuntimeBuilder.withService} does), before the modules register.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface TestService {

    /** @return the entry's name */
    String value();
}
