/**
 * Builds and runs a Bento application.
 *
 * <pre>{@code
 * BentoRuntime runtime = BentoRuntime.builder()
 *         .withConfig("my-shop", "prod")
 *         .discoverModules()                 // every 'provides com.bento.Module' on the path
 *         .withHookTimeout(Duration.ofSeconds(10))
 *         .withShutdownHook()                // close on SIGTERM
 *         .build()                           // gates, register, database
 *         .start();                          // onStartup in dependency order
 * runtime.logStartupMetrics();
 * }</pre>
 */
@NullMarked
package com.bento.runtime;

import org.jspecify.annotations.NullMarked;
