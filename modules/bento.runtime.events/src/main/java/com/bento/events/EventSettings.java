package com.bento.events;

import com.bento.ServiceKey;
import com.bento.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the event bus delivers. Read from system properties {@code bento.events.<key>}, then the
 * environment {@code BENTO_EVENTS_<KEY>} (upper case, dashes as underscores), unless the application
 * puts an instance in the container under {@code events.settings} before the modules register
 * ({@code RuntimeBuilder.withService("events.settings", EventSettings.builder()...build())}).
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>max-attempts</td><td>5</td><td>tries of one delivery before it is parked</td></tr>
 * <tr><td>backoff</td><td>200ms</td><td>wait after the first failure; doubles after each</td></tr>
 * <tr><td>backoff-max</td><td>30s</td><td>the longest wait</td></tr>
 * <tr><td>batch-size</td><td>100</td><td>rows one relay transaction locks</td></tr>
 * <tr><td>poll-interval</td><td>500ms</td><td>how often the relay looks for due rows when not woken by a commit</td></tr>
 * <tr><td>relay</td><td>true</td><td>whether this instance runs a relay</td></tr>
 * <tr><td>retention</td><td>168h</td><td>how long delivered rows stay in the outbox before the relay deletes them</td></tr>
 * <tr><td>processed-retention</td><td>720h</td><td>how long a consumer's record of an applied event id
 * ({@link IdempotentConsumer}) is kept; a redelivery later than that is applied again</td></tr>
 * </table>
 * Durations are written {@code 250ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}).
 *
 * @param maxAttempts tries of one delivery before it is parked (at least 1)
 * @param backoff the wait after the first failure
 * @param backoffMax the longest wait
 * @param batchSize rows one relay transaction locks
 * @param pollInterval how often an idle relay looks for due rows
 * @param relay whether this instance runs a relay thread
 * @param retention how long delivered rows are kept (for inspection) before the relay deletes them
 * @param processedRetention how long the ids of applied events are kept for {@link IdempotentConsumer}
 * @param publishers external publishers given by the application, besides those found by ServiceLoader
 * @param values every raw value given, for publishers' own keys
 */
public record EventSettings(int maxAttempts, Duration backoff, Duration backoffMax, int batchSize, Duration pollInterval,
                            boolean relay, Duration retention, Duration processedRetention,
                            List<ExternalPublisher> publishers, Map<String, String> values) {

    /** Settings an application may register before the events module does, instead of the environment's. */
    public static final ServiceKey<EventSettings> KEY = ServiceKey.of("events.settings", EventSettings.class);

    /** Validates and copies. */
    public EventSettings {
        if (maxAttempts < 1) {
            throw new ConfigurationException("bento.events.max-attempts is " + maxAttempts + "; expected 1 or more");
        }
        if (batchSize < 1) {
            throw new ConfigurationException("bento.events.batch-size is " + batchSize + "; expected 1 or more");
        }
        positive("backoff", backoff);
        positive("backoff-max", backoffMax);
        positive("poll-interval", pollInterval);
        positive("retention", retention);
        positive("processed-retention", processedRetention);
        publishers = List.copyOf(publishers);
        values = Map.copyOf(values);
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException("bento.events." + key + " is " + d + "; expected a positive duration such as 500ms");
        }
    }

    /**
     * A setting by key: what was given to the builder, else system property {@code bento.events.<key>},
     * else environment variable {@code BENTO_EVENTS_<KEY>}.
     *
     * @param key such as {@code rabbitmq.url}
     * @return the value, if any
     */
    public Optional<String> get(String key) {
        return read(values, key);
    }

    private static Optional<String> read(Map<String, String> given, String key) {
        String value = given.get(key);
        if (value != null && !value.isBlank()) {
            return Optional.of(value.trim());
        }
        return com.bento.Settings.lookup("bento.events." + key,
                "BENTO_EVENTS_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
    }

    /** @return settings from system properties and the environment, with defaults */
    public static EventSettings fromEnvironment() {
        return builder().build();
    }

    /** @return a builder whose unset keys come from system properties and the environment */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link EventSettings}; what is not set is read from the environment, then defaulted. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<ExternalPublisher> publishers = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param key a key such as {@code max-attempts} or a publisher's {@code rabbitmq.url}
         * @param value its value
         * @return this builder
         */
        public Builder set(String key, String value) {
            values.put(key, value);
            return this;
        }

        /**
         * @param attempts tries before a delivery is parked
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            return set("max-attempts", Integer.toString(attempts));
        }

        /**
         * @param first the wait after the first failure
         * @param max the longest wait
         * @return this builder
         */
        public Builder backoff(Duration first, Duration max) {
            return set("backoff", first.toString()).set("backoff-max", max.toString());
        }

        /**
         * @param interval how often an idle relay looks for due rows
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            return set("poll-interval", interval.toString());
        }

        /**
         * @param enabled whether this instance runs a relay thread
         * @return this builder
         */
        public Builder relay(boolean enabled) {
            return set("relay", Boolean.toString(enabled));
        }

        /**
         * @param retention how long delivered rows stay before the relay deletes them
         * @return this builder
         */
        public Builder retention(Duration retention) {
            return set("retention", retention.toString());
        }

        /**
         * @param retention how long a consumer's record of an applied event id is kept
         * @return this builder
         */
        public Builder processedRetention(Duration retention) {
            return set("processed-retention", retention.toString());
        }

        /**
         * @param size rows one relay transaction locks
         * @return this builder
         */
        public Builder batchSize(int size) {
            return set("batch-size", Integer.toString(size));
        }

        /**
         * @param publisher an external publisher to deliver every event to
         * @return this builder
         */
        public Builder publisher(ExternalPublisher publisher) {
            publishers.add(publisher);
            return this;
        }

        /** @return the settings */
        public EventSettings build() {
            return new EventSettings(integer("max-attempts", 5), duration("backoff", Duration.ofMillis(200)),
                    duration("backoff-max", Duration.ofSeconds(30)), integer("batch-size", 100),
                    duration("poll-interval", Duration.ofMillis(500)),
                    read(values, "relay").map(v -> com.bento.Settings.flag("bento.events.relay", v)).orElse(true),
                    duration("retention", Duration.ofDays(7)), duration("processed-retention", Duration.ofDays(30)),
                    publishers, values);
        }

        private Duration duration(String key, Duration fallback) {
            return read(values, key).map(v -> com.bento.Settings.duration("bento.events." + key, v)).orElse(fallback);
        }

        private int integer(String key, int fallback) {
            return read(values, key).map(v -> {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("bento.events." + key + " is '" + v + "'; expected a whole number");
                }
            }).orElse(fallback);
        }

    }
}
