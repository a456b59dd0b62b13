package com.bento;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How Bento's modules read their settings, the same way everywhere: a system property first, then an
 * environment variable; durations written {@code 250ms}, {@code 2s}, {@code 10m}, {@code 1h} or
 * ISO-8601; and passwords masked wherever a URL or setting is shown.
 */
public final class Settings {
    /** What a masked secret prints as. */
    public static final String MASK = "******";
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/?#@\\s]*:)([^@/?#\\s]+)(@)");
    /** {@code user:password@host} without a scheme before it, as a driver echoes a host name it could not resolve. */
    private static final Pattern BARE_USERINFO = Pattern.compile("((?:^|[\\s'\"(\\[,=])[^:/?#@\\s'\"]+:)([^@/?#\\s'\"]+)(@[\\w.\\[\\]-])");
    private static final Pattern PARAM_SECRET = Pattern.compile("((?:password|passwd|pwd|secret|token|key)=)([^&;\\s]+)",
            Pattern.CASE_INSENSITIVE);

    private Settings() {
    }

    /**
     * @param property a system property, such as {@code bento.cache.backend}
     * @param env an environment variable, such as {@code BENTO_CACHE_BACKEND}
     * @return the property's value, else the variable's; blank values count as absent, values are trimmed
     */
    public static Optional<String> lookup(String property, String env) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank()) {
            return Optional.of(p.trim());
        }
        String e = System.getenv(env);
        return e == null || e.isBlank() ? Optional.empty() : Optional.of(e.trim());
    }

    /**
     * @param property a system property
     * @param env an environment variable
     * @param fallback the value when neither is set
     * @return the property's value, else the variable's, else the fallback
     */
    public static String lookup(String property, String env, String fallback) {
        return lookup(property, env).orElse(fallback);
    }

    /**
     * Reads a duration.
     *
     * @param key the setting's name, for the message
     * @param text {@code 250ms}, {@code 2s}, {@code 10m}, {@code 1h}, or ISO-8601 such as {@code PT2S}
     * @return the duration
     * @throws ConfigurationException naming the setting and the expected forms
     */
    public static Duration duration(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException(t);
            };
        } catch (RuntimeException e) {
            throw new ConfigurationException(key + " is '" + text + "'; expected a duration such as 250ms, 2s, 10m or PT2S");
        }
    }

    /**
     * Reads a yes-or-no setting.
     *
     * @param key the setting's name, for the message
     * @param text {@code true}, {@code yes}, {@code on}, or {@code false}, {@code no}, {@code off}, in any case
     * @return the value
     * @throws ConfigurationException naming the setting when the text is none of those
     */
    public static boolean flag(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigurationException(key + " is '" + text + "'; expected true or false");
        };
    }

    /**
     * @param text a URL or any text that may hold one
     * @return the text with the password of {@code scheme://user:password@host} and the values of
     *         {@code password=}, {@code secret=}, {@code token=}, {@code key=} parameters replaced by {@link #MASK}
     */
    public static String maskPasswords(String text) {
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "$3");
        masked = BARE_USERINFO.matcher(masked).replaceAll("$1" + MASK + "$3");
        return PARAM_SECRET.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * Masks {@link #maskPasswords passwords in URLs} and every occurrence of the given secrets.
     *
     * @param text any text
     * @param secrets values that must not be shown, such as a configured password; blank ones are ignored
     * @return the text with each secret replaced by {@link #MASK}
     */
    public static String maskSecrets(String text, java.util.Collection<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                masked = masked.replace(secret, MASK);
            }
        }
        return maskPasswords(masked);
    }

    /**
     * A failure safe to log: when the message of the failure, of any cause or of anything suppressed
     * shows a secret ({@link #maskSecrets}), a copy of the whole chain with the same types (as their
     * names), messages masked and the same stack traces; otherwise the failure itself.
     *
     * <p>Drivers echo what they were given: PostgreSQL's driver reports a URL's {@code user:password@host}
     * as an unknown host, so a pool's failure can carry a password that its wrapper masked.
     *
     * @param failure a failure about to be logged or wrapped
     * @param secrets configured secrets to mask as well
     * @return the failure, or a masked copy of its chain
     */
    public static Throwable redact(Throwable failure, java.util.Collection<String> secrets) {
        return showsSecret(failure, secrets, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()))
                ? Redacted.copy(failure, secrets, new java.util.IdentityHashMap<>()) : failure;
    }

    private static boolean showsSecret(Throwable t, java.util.Collection<String> secrets, java.util.Set<Throwable> seen) {
        if (!seen.add(t)) {
            return false;
        }
        String message = t.getMessage();
        if (message != null && !maskSecrets(message, secrets).equals(message)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (showsSecret(s, secrets, seen)) {
                return true;
            }
        }
        return t.getCause() != null && showsSecret(t.getCause(), secrets, seen);
    }

    /** A masked stand-in for a failure in a chain: prints as the original type with the masked message. */
    static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String shown;

        private Redacted(String shown) {
            super(shown);
            this.shown = shown;
        }

        static Throwable copy(Throwable t, java.util.Collection<String> secrets,
                              java.util.Map<Throwable, Throwable> copies) {
            Throwable done = copies.get(t);
            if (done != null) {
                return done;
            }
            String message = t.getMessage();
            Redacted copy = new Redacted(t.getClass().getName() + (message == null ? "" : ": " + maskSecrets(message, secrets)));
            copies.put(t, copy);
            copy.setStackTrace(t.getStackTrace());
            if (t.getCause() != null) {
                copy.initCause(copy(t.getCause(), secrets, copies));
            }
            for (Throwable s : t.getSuppressed()) {
                copy.addSuppressed(copy(s, secrets, copies));
            }
            return copy;
        }

        @Override
        public String toString() {
            return shown;
        }
    }
}
