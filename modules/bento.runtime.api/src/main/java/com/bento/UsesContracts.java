package com.bento;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a {@link Module} class, what of the contracts folder the module relies on, so that a
 * folder that lacks it fails the start in the gates phase, naming the module, the missing contract and
 * the file to add, instead of the first request that needs it.
 *
 * <pre>{@code
 * @UsesContracts(stateMachines = "Order", reasonCodes = {"ORDER_NOT_FOUND"}, publishes = "OrderPlaced")
 * public final class OrderingModule implements Module { }
 * }</pre>
 *
 * <p>A module that declares any of these needs contracts: a start without a contracts folder
 * ({@code withContracts}) fails too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UsesContracts {

    /** @return aggregates whose state machine the module validates commands with */
    String[] stateMachines() default {};

    /** @return reason codes the module answers with */
    String[] reasonCodes() default {};

    /** @return event types the module publishes: each needs a schema and a route */
    String[] publishes() default {};

    /** @return event types the module consumes: each needs a schema */
    String[] consumes() default {};
}
