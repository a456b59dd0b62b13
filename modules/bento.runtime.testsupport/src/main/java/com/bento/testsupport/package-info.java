/**
 * Server conditions that skip with a reason (or fail under {@code CI=true}) and a private Redis server
 * for outage tests.
 *
 * <p>Null-marked: parameters and results are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package com.bento.testsupport;

import org.jspecify.annotations.NullMarked;
