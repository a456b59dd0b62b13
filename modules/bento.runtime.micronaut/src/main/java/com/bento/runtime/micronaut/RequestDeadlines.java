package com.bento.runtime.micronaut;

import com.bento.spi.DeadlineSource;
import io.micronaut.http.context.ServerRequestContext;
import java.util.OptionalLong;

/**
 * The deadline of the request served on this thread, which {@link DeadlineFilter} set: so that a unit of
 * work a handler runs neither begins nor commits after its caller got 503 {@code DEADLINE_EXCEEDED}.
 */
public final class RequestDeadlines implements DeadlineSource {
    static final String ATTRIBUTE = "bento.deadline";

    /** For {@link java.util.ServiceLoader}. */
    public RequestDeadlines() {
    }

    @Override
    public OptionalLong deadline() {
        return ServerRequestContext.currentRequest()
                .flatMap(r -> r.getAttribute(ATTRIBUTE, Long.class))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
