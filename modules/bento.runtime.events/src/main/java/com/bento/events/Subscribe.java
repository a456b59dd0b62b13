package com.bento.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as an event handler, subscribed by {@link EventBus#register(Object)}. The method
 * takes the event (a {@link DomainEvent} record) and, optionally, its {@link Event} envelope:
 * {@code @Subscribe void on(OrderPlaced e)} or {@code @Subscribe void on(OrderPlaced e, Event envelope)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Subscribe {
    /**
     * @return the handler's name, which its pending deliveries and dead letters carry and which must
     *         stay the same across restarts; by default {@code <simple class name>.<method name>}
     */
    String value() default "";
}
