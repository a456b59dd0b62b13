/**
 * Bento's cache: {@link Cache} and its settings; the {@code cache} module registers it.
 *
 * <p>Null-marked: parameters and results are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package com.bento.cache;

import org.jspecify.annotations.NullMarked;
