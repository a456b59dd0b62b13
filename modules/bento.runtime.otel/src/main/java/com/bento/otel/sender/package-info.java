/**
 * The OTLP exporters' HTTP sender, made on first use; the module's own wiring, not exported.
 */
@NullMarked
package com.bento.otel.sender;

import org.jspecify.annotations.NullMarked;
