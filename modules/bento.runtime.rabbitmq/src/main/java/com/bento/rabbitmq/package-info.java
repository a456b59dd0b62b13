/**
 * Delivery of Bento's events to RabbitMQ and their consumption on the other side.
 *
 * <p>Null-marked: parameters and results are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package com.bento.rabbitmq;

import org.jspecify.annotations.NullMarked;
