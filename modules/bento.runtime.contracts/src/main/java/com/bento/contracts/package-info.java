/**
 * A Bento application's contracts folder, validated at start and served at run time.
 *
 * <pre>{@code
 * BentoRuntime runtime = BentoRuntime.builder()
 *         .withContracts(Path.of("contracts"), true)   // fail the start on any problem
 *         .discoverModules()
 *         .build();
 * Contracts contracts = runtime.container().get(Contracts.KEY);
 * throw contracts.reasonCodes().exception("ORDER_NOT_FOUND", Map.of("order_id", id));
 * }</pre>
 */
@NullMarked
package com.bento.contracts;

import org.jspecify.annotations.NullMarked;
