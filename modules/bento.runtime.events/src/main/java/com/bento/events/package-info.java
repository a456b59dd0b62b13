/**
 * Bento's domain events: the {@link EventBus}, its transactional outbox and relay, and consumer-side deduplication.
 *
 * <p>Null-marked: parameters and results are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package com.bento.events;

import org.jspecify.annotations.NullMarked;
