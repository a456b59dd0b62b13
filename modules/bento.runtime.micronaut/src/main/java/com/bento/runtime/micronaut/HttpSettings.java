package com.bento.runtime.micronaut;

import com.bento.ConfigurationException;
import io.micronaut.context.env.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The request middleware's settings, Micronaut configuration keys under {@code bento.http} (so also
 * {@code BENTO_HTTP_...} variables):
 * <ul>
 *   <li>{@code access-log.enabled} (true): one line per request on the logger {@code bento.http.access};</li>
 *   <li>{@code rate-limit.enabled} (false), {@code rate-limit.limit} (requests per period for every route, per
 *       client and route, such as {@code 100/1m}; none: only the routes listed are limited), {@code rate-limit.key} ({@code remote-address}, {@code header:<Name>} or
 *       {@code principal}), {@code rate-limit.routes} ({@code "POST /orders=10/1m, GET /products=50/1s"}),
 *       {@code rate-limit.redis-url} (buckets shared by every instance through Redis);</li>
 *   <li>{@code deadline.default} (none) and {@code deadline.routes} ({@code "POST /orders=2s"}): a request's
 *       time budget; past it, 503 {@code DEADLINE_EXCEEDED} and its unit of work rolled back;</li>
 *   <li>{@code idempotency.retention} (24h), {@code idempotency.lock-timeout} (1m): for routes marked
 *       {@link Idempotent}.</li>
 * </ul>
 */
record HttpSettings(boolean accessLog, RateLimit rateLimit, Optional<Duration> defaultDeadline, List<RouteValue<Duration>> deadlines,
                    Duration idempotencyRetention, Duration idempotencyLockTimeout) {

    static final HttpSettings DEFAULTS = new HttpSettings(true, RateLimit.OFF, Optional.empty(), List.of(),
            Duration.ofHours(24), Duration.ofMinutes(1));

    /** A value for one route, given as {@code "METHOD /template"} or {@code "/template"} (every method). */
    record RouteValue<T>(String method, String template, T value) {
        boolean matches(String requestMethod, String requestTemplate) {
            return template.equals(requestTemplate) && (method.isEmpty() || method.equalsIgnoreCase(requestMethod));
        }
    }

    /** A token bucket's size and refill: {@code capacity} requests per {@code period}. */
    record Limit(long capacity, Duration period) {
        static Limit parse(String key, String text) {
            String[] parts = text.trim().split("/");
            try {
                if (parts.length == 2) {
                    long capacity = Long.parseLong(parts[0].trim());
                    String p = parts[1].trim();
                    Duration period = com.bento.Settings.duration(key, Character.isDigit(p.charAt(0)) ? p : "1" + p);
                    if (capacity > 0 && !period.isZero() && !period.isNegative()) {
                        if (capacity > period.toNanos()) {
                            throw new ConfigurationException(key + " is '" + text + "': more than one request per"
                                    + " nanosecond, which no bucket refills; give a longer period or a smaller count");
                        }
                        return new Limit(capacity, period);
                    }
                }
            } catch (ConfigurationException e) {
                throw e;
            } catch (RuntimeException e) {
                // reported below
            }
            throw new ConfigurationException(key + " is '" + text + "'; expected requests per period, such as 100/1m,"
                    + " 10/1s or 5/30s");
        }

        @Override
        public String toString() {
            return capacity + "/" + period.toSeconds() + "s";
        }
    }

    /** Rate limiting: off, or a default limit, per-route limits, the client key, and where buckets live. */
    record RateLimit(boolean enabled, Optional<Limit> limit, List<RouteValue<Limit>> routes, String key,
                     Optional<String> redisUrl) {
        static final RateLimit OFF = new RateLimit(false, Optional.empty(), List.of(), "remote-address", Optional.empty());

        /** The route's own limit, else the default one; empty when the route is not limited. */
        Optional<Limit> limitFor(String method, String template) {
            return routes.stream().filter(r -> r.matches(method, template)).map(RouteValue::value).findFirst().or(() -> limit);
        }
    }

    static HttpSettings from(Environment env) {
        boolean accessLog = flag(env, "bento.http.access-log.enabled", true);
        boolean rateLimited = flag(env, "bento.http.rate-limit.enabled", false);
        Optional<Limit> limit = text(env, "bento.http.rate-limit.limit").map(v -> Limit.parse("bento.http.rate-limit.limit", v));
        List<RouteValue<Limit>> routeLimits = routes(env, "bento.http.rate-limit.routes",
                (k, v) -> Limit.parse(k, v));
        if (rateLimited && limit.isEmpty() && routeLimits.isEmpty()) {
            throw new ConfigurationException("bento.http.rate-limit.enabled is true, but no limit is set: set"
                    + " bento.http.rate-limit.limit (every route, such as 100/1m) or bento.http.rate-limit.routes"
                    + " (such as \"POST /orders=10/1m\")");
        }
        String key = text(env, "bento.http.rate-limit.key").orElse("remote-address").trim();
        if (!key.equals("remote-address") && !key.equals("principal") && !(key.startsWith("header:") && key.length() > 7)) {
            throw new ConfigurationException("bento.http.rate-limit.key is '" + key + "'; expected remote-address,"
                    + " principal or header:<Name> (header:X-Api-Key, say)");
        }
        Optional<Duration> deadline = text(env, "bento.http.deadline.default")
                .map(v -> com.bento.Settings.duration("bento.http.deadline.default", v));
        List<RouteValue<Duration>> deadlines = routes(env, "bento.http.deadline.routes", com.bento.Settings::duration);
        Duration retention = com.bento.Settings.duration("bento.http.idempotency.retention",
                text(env, "bento.http.idempotency.retention").orElse("24h"));
        Duration lock = com.bento.Settings.duration("bento.http.idempotency.lock-timeout",
                text(env, "bento.http.idempotency.lock-timeout").orElse("1m"));
        return new HttpSettings(accessLog, new RateLimit(rateLimited, limit, routeLimits, key,
                text(env, "bento.http.rate-limit.redis-url")), deadline, deadlines, retention, lock);
    }

    Optional<Duration> deadlineFor(String method, String template) {
        return deadlines.stream().filter(r -> r.matches(method, template)).map(RouteValue::value).findFirst()
                .or(() -> defaultDeadline);
    }

    private static Optional<String> text(Environment env, String key) {
        return env.getProperty(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static boolean flag(Environment env, String key, boolean fallback) {
        return text(env, key).map(v -> com.bento.Settings.flag(key, v)).orElse(fallback);
    }

    /** {@code "POST /orders=10/1m, /products=5/1s"}: a value per route, the method optional. */
    private static <T> List<RouteValue<T>> routes(Environment env, String key,
                                                  java.util.function.BiFunction<String, String, T> parse) {
        List<RouteValue<T>> out = new ArrayList<>();
        for (String item : text(env, key).orElse("").split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.lastIndexOf('=');
            String route = eq < 0 ? "" : item.substring(0, eq).trim();
            if (route.isEmpty() || eq == item.length() - 1) {
                throw new ConfigurationException(key + " has '" + item.trim() + "'; expected entries such as"
                        + " \"POST /orders=...\" or \"/products/{sku}=...\", separated by commas");
            }
            String[] words = route.split("\\s+", 2);
            String method = words.length == 2 ? words[0].toUpperCase(Locale.ROOT) : "";
            String template = words.length == 2 ? words[1] : words[0];
            out.add(new RouteValue<>(method, template, parse.apply(key + " (" + route + ")", item.substring(eq + 1).trim())));
        }
        return List.copyOf(out);
    }
}
