/**
 * Extension points of the runtime itself, found with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class TracingListener implements RuntimeListener {
 *     @Override
 *     public void phaseFinished(PhaseEvent event) {
 *         System.out.println(event.phase() + " took " + event.duration());
 *     }
 * }
 * // module-info.java: provides com.bento.spi.RuntimeListener with my.TracingListener;
 * }</pre>
 */
@NullMarked
package com.bento.spi;

import org.jspecify.annotations.NullMarked;
