package com.bento.runtime.micronaut;

import io.micronaut.core.order.Ordered;

/**
 * What the two rate-limit filters share: the limiter and their place after Bento's own filter, which
 * gives the request its id and counts it in flight. They differ only in the thread they decide on.
 */
abstract class RateLimits implements Ordered, AutoCloseable {
    final RateLimiter limiter;

    RateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public int getOrder() {
        return 10;
    }

    @Override
    public void close() {
        limiter.close();
    }
}
