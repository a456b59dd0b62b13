package com.bento.runtime.micronaut;

import com.bento.ReasonCode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limiting per client and route, with Bucket4j's token buckets: {@code bento.http.rate-limit.*}
 * (see {@link HttpSettings}). A request over its route's limit answers 429 {@code RATE_LIMITED}, retryable,
 * with {@code Retry-After} (seconds until a token is back) and {@code RateLimit-Limit}/{@code -Remaining};
 * Buckets live in this process, or in Redis
 * ({@code rate-limit.redis-url}) so that every instance counts against one limit; when Redis does not answer
 * within its timeout the request is let through with a warning (fail open: a cache outage is not an outage
 * of the service). Off unless {@code bento.http.rate-limit.enabled=true}.
 */
final class RateLimiter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    static final ReasonCode RATE_LIMITED = new ReasonCode("RATE_LIMITED", 429, "RATE_LIMITED", true,
            "Too many requests; retry after the time in Retry-After");
    /** Buckets kept in memory at most; past it, the full ones (clients idle for a whole period) are dropped. */
    private static final int MAX_LOCAL_BUCKETS = 100_000;

    private static final CompletableFuture<@Nullable HttpResponse<?>> NOT_LIMITED = CompletableFuture.completedFuture(null);
    private final HttpSettings.RateLimit settings;
    private final Map<String, Local> local = new ConcurrentHashMap<>();
    private final Map<HttpSettings.Limit, BucketConfiguration> configurations = new ConcurrentHashMap<>();
    private final @Nullable RedisBuckets redis;
    private final String prefix;
    private volatile long lastWarning;

    RateLimiter(HttpSettings.RateLimit settings, String serviceName) {
        this.settings = settings;
        this.prefix = "bento:rate:" + serviceName + ":";
        try {
            this.redis = settings.redisUrl().map(RedisBuckets::connect).orElse(null);
        } catch (LinkageError e) {
            throw new com.bento.ConfigurationException("bento.http.rate-limit.redis-url is set, but Bucket4j's Redis"
                    + " support is not on the path (" + e + "). Add com.bucket4j:bucket4j_jdk17-lettuce and"
                    + " io.lettuce:lettuce-core, or remove the setting to limit in memory");
        }
    }

    /** @return nothing when within the limit (the request goes on), else the 429; done at once unless through Redis */
    CompletableFuture<@Nullable HttpResponse<?>> decide(HttpRequest<?> request) {
        String route = BasicHttpAttributes.getUriTemplate(request).orElse(request.getPath());
        java.util.Optional<HttpSettings.Limit> routeLimit = settings.limitFor(request.getMethodName(), route);
        if (routeLimit.isEmpty()) {
            return NOT_LIMITED;
        }
        HttpSettings.Limit limit = routeLimit.get();
        String key = client(request) + " " + request.getMethodName() + " " + route;
        BucketConfiguration configuration = configurations.computeIfAbsent(limit, RateLimiter::configuration);
        if (redis == null) {
            return CompletableFuture.completedFuture(answer(request, local(key, configuration, limit)
                    .tryConsumeAndReturnRemaining(1), limit));
        }
        return redis.tryConsume(prefix + key, configuration).handle((probe, failure) -> {
            if (failure != null) {
                long now = System.nanoTime();
                if (now - lastWarning > Duration.ofMinutes(1).toNanos()) {
                    lastWarning = now;
                    LOG.warn("Rate limiting through Redis failed; requests pass unlimited until it answers again", failure);
                }
                return null;
            }
            return answer(request, probe, limit);
        });
    }

    /** A bucket in memory and its capacity: a full bucket is one whose client has been idle for a period. */
    private record Local(Bucket bucket, long capacity) {
    }

    private Bucket local(String key, BucketConfiguration configuration, HttpSettings.Limit limit) {
        Local entry = local.get(key);
        if (entry == null) {
            if (local.size() >= MAX_LOCAL_BUCKETS) {
                local.values().removeIf(b -> b.bucket().getAvailableTokens() >= b.capacity());
            }
            entry = local.computeIfAbsent(key, k -> new Local(Bucket.builder()
                    .addLimit(configuration.getBandwidths()[0]).build(), limit.capacity()));
        }
        return entry.bucket();
    }

    private static BucketConfiguration configuration(HttpSettings.Limit limit) {
        return BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(limit.capacity())
                .refillGreedy(limit.capacity(), limit.period()).build()).build();
    }

    private static @Nullable HttpResponse<?> answer(HttpRequest<?> request, ConsumptionProbe probe, HttpSettings.Limit limit) {
        if (probe.isConsumed()) {
            return null;
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(seconds))
                .header("RateLimit-Limit", Long.toString(limit.capacity()))
                .header("RateLimit-Remaining", "0")
                .header(BentoFilter.REQUEST_ID, BentoFilter.requestId(request)) // a refused request skips the response filters
                .body(ErrorResponses.body(RATE_LIMITED, RATE_LIMITED.message(), Map.of("limit", limit.toString(),
                        "retry_after_seconds", seconds)));
        return response;
    }

    /** The client a bucket belongs to: its address, a header's value, or the authenticated principal. */
    private String client(HttpRequest<?> request) {
        String key = settings.key();
        if (key.startsWith("header:")) {
            String value = request.getHeaders().get(key.substring("header:".length()));
            return value == null || value.isBlank() ? "anonymous" : "h:" + value;
        }
        if (key.equals("principal")) {
            return request.getUserPrincipal().map(p -> "p:" + p.getName()).orElse("anonymous");
        }
        return "a:" + request.getRemoteAddress().getAddress().getHostAddress();
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Buckets in Redis, through Bucket4j's Lettuce integration; a class of its own so Lettuce loads only when used. */
    static final class RedisBuckets {
        private final io.lettuce.core.RedisClient client;
        private final io.lettuce.core.api.StatefulRedisConnection<String, byte[]> connection;
        private final io.github.bucket4j.distributed.proxy.AsyncProxyManager<String> buckets;

        private RedisBuckets(io.lettuce.core.RedisClient client,
                             io.lettuce.core.api.StatefulRedisConnection<String, byte[]> connection) {
            this.client = client;
            this.connection = connection;
            this.buckets = io.github.bucket4j.redis.lettuce.Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(io.github.bucket4j.distributed.ExpirationAfterWriteStrategy
                            .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build().asAsync();
        }

        static RedisBuckets connect(String url) {
            io.lettuce.core.RedisURI uri;
            try {
                uri = io.lettuce.core.RedisURI.create(url);
            } catch (IllegalArgumentException e) {
                throw new com.bento.ConfigurationException("bento.http.rate-limit.redis-url '"
                        + com.bento.Settings.maskPasswords(url) + "' is not a Redis URL; expected redis://host:6379");
            }
            uri.setTimeout(Duration.ofMillis(500));
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
            client.setOptions(io.lettuce.core.ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(io.lettuce.core.TimeoutOptions.enabled(Duration.ofMillis(500))).build());
            try {
                return new RedisBuckets(client, client.connect(io.lettuce.core.codec.RedisCodec.of(
                        io.lettuce.core.codec.StringCodec.UTF8, io.lettuce.core.codec.ByteArrayCodec.INSTANCE)));
            } catch (io.lettuce.core.RedisException e) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                throw new com.bento.ConfigurationException("Rate limiting through Redis at " + uri.getHost() + ":"
                        + uri.getPort() + " could not connect (" + e.getMessage() + "). Start Redis, fix"
                        + " bento.http.rate-limit.redis-url, or remove it to limit in memory");
            }
        }

        CompletableFuture<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
            return buckets.builder().build(key, () -> CompletableFuture.completedFuture(configuration))
                    .tryConsumeAndReturnRemaining(1);
        }

        void close() {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
