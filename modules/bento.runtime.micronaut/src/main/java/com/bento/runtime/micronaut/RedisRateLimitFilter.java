package com.bento.runtime.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Rate limiting with buckets in Redis ({@code bento.http.rate-limit.redis-url}), shared by every instance:
 * see {@link RateLimiter}. Runs on the blocking executor and waits for Redis there (at most its 500 ms
 * timeout, after which the request passes): a request filter that completes later on Lettuce's own
 * threads got an empty 503 from Micronaut 4.10, measured here.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@io.micronaut.context.annotation.Requires(property = "bento.http.rate-limit.enabled", value = "true")
@io.micronaut.context.annotation.Requires(property = "bento.http.rate-limit.redis-url")
public final class RedisRateLimitFilter extends RateLimits {

    RedisRateLimitFilter(HttpSettings settings, BentoHost host) {
        super(new RateLimiter(settings.rateLimit(), host.runtime().serviceName()));
    }

    /**
     * @param request the request
     * @return nothing when within the limit (the request goes on), else the 429
     */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<?> limit(HttpRequest<?> request) {
        return limiter.decide(request).join();
    }
}
