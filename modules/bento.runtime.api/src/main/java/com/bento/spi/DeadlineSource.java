package com.bento.spi;

import java.util.OptionalLong;

/**
 * The time budget of the work running on this thread, such as the request a web host is serving.
 * Found with {@link java.util.ServiceLoader} by the parts that must stop at it: a unit of work does not
 * begin, nor commit, past it (it rolls back and fails with {@code DEADLINE_EXCEEDED}). Provided by
 * Bento's Micronaut host for requests with a deadline ({@code bento.http.deadline.*}).
 */
public interface DeadlineSource {

    /**
     * @return the deadline of the work on this thread, as a {@link System#nanoTime()} value, or empty
     *         when it has none; must be cheap, it is asked at each unit of work
     */
    OptionalLong deadline();
}
