package com.bento.runtime.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Rate limiting per client and route in this process's memory, on the event loop: see {@link RateLimiter}
 * and the {@code bento.http.rate-limit.*} settings ({@link HttpSettings}). With
 * {@code bento.http.rate-limit.redis-url} set, {@link RedisRateLimitFilter} takes its place.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@io.micronaut.context.annotation.Requires(property = "bento.http.rate-limit.enabled", value = "true")
@io.micronaut.context.annotation.Requires(missingProperty = "bento.http.rate-limit.redis-url")
public final class RateLimitFilter extends RateLimits {

    RateLimitFilter(HttpSettings settings, BentoHost host) {
        super(new RateLimiter(settings.rateLimit(), host.runtime().serviceName()));
    }

    /**
     * @param request the request
     * @return nothing when within the limit (the request goes on), else the 429
     */
    @RequestFilter
    public @Nullable HttpResponse<?> limit(HttpRequest<?> request) {
        return limiter.decide(request).join(); // in memory: already done
    }
}
