/**
 * Bento on Micronaut.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     BentoMicronaut.runOrExit(BentoRuntime.builder()
 *             .withConfig("my-shop", "prod")
 *             .discoverModules(), args);       // serves every module's controllers on Netty
 * }
 * }</pre>
 */
@NullMarked
package com.bento.runtime.micronaut;

import org.jspecify.annotations.NullMarked;
