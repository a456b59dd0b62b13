package com.bento.data;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the database is and how it was chosen.
 *
 * @param url the JDBC URL
 * @param user the user, may be empty
 * @param password the password, may be empty; {@link #toString()} never shows it
 * @param source which setting chose it, for messages
 */
public record DatabaseSettings(String url, String user, String password, String source) {

    /** Validates the components. */
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
    }

    /** @return the URL with any password in it replaced by {@code ******} */
    public String maskedUrl() {
        return mask(url);
    }

    static String mask(String url) {
        return com.bento.Settings.maskPasswords(url);
    }

    /** @return whether this is the embedded H2 default */
    public boolean embedded() {
        return source.startsWith("embedded");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + maskedUrl() + ", user=" + user + ", from " + source + "]";
    }

    /**
     * Chooses the database, first match wins:
     * <ol>
     *   <li>Micronaut's {@code datasources.default.url} (with {@code .username}, {@code .password}) as a system
     *       property, or {@code DATASOURCES_DEFAULT_URL} ({@code _USERNAME}, {@code _PASSWORD}) in the environment;</li>
     *   <li>{@code DATABASE_URL} ({@code DATABASE_USER}, {@code DATABASE_PASSWORD}), a JDBC URL or
     *       {@code postgres://user:password@host:port/db};</li>
     *   <li>what the application gave {@code RuntimeBuilder.withDatabase(url, user, password)};</li>
     *   <li>an embedded H2 database in a file under {@code ./data}, named after the service, so that an
     *       acknowledged write survives the process (H2 writes each commit before it returns:
     *       {@code WRITE_DELAY=0}); in memory in the {@code test} environment or in test mode. The setting
     *       {@code bento.database.embedded} ({@code BENTO_DATABASE_EMBEDDED}) {@code file} or {@code memory}
     *       chooses either way.</li>
     * </ol>
     *
     * @param serviceName names the embedded database
     * @param throwaway whether the embedded default may live in memory (test environment or test mode)
     * @param configured what the builder was given (keys url, user, password), or empty
     * @param properties system properties to read
     * @param env environment variables to read
     * @return the chosen settings
     */
    static DatabaseSettings resolve(String serviceName, boolean throwaway, Map<String, String> configured,
                                    Function<String, @Nullable String> properties, Function<String, @Nullable String> env) {
        String micronaut = first(properties.apply("datasources.default.url"), env.apply("DATASOURCES_DEFAULT_URL"));
        if (micronaut != null) {
            return new DatabaseSettings(micronaut,
                    orEmpty(first(properties.apply("datasources.default.username"), env.apply("DATASOURCES_DEFAULT_USERNAME"))),
                    orEmpty(first(properties.apply("datasources.default.password"), env.apply("DATASOURCES_DEFAULT_PASSWORD"))),
                    "datasources.default.url");
        }
        String databaseUrl = first(properties.apply("database.url"), env.apply("DATABASE_URL"));
        if (databaseUrl != null) {
            String user = orEmpty(first(properties.apply("database.user"), env.apply("DATABASE_USER")));
            String password = orEmpty(first(properties.apply("database.password"), env.apply("DATABASE_PASSWORD")));
            return fromDatabaseUrl(databaseUrl, user, password);
        }
        if (configured.containsKey("url")) {
            return new DatabaseSettings(configured.get("url"), configured.getOrDefault("user", ""),
                    configured.getOrDefault("password", ""), "RuntimeBuilder.withDatabase");
        }
        String mode = first(properties.apply("bento.database.embedded"), env.apply("BENTO_DATABASE_EMBEDDED"));
        String name = serviceName.replaceAll("[^A-Za-z0-9_-]", "_");
        boolean memory;
        if (mode == null) {
            memory = throwaway;
        } else if (mode.equalsIgnoreCase("file") || mode.equalsIgnoreCase("memory")) {
            memory = mode.equalsIgnoreCase("memory");
        } else {
            throw new com.bento.ConfigurationException("bento.database.embedded is '" + mode + "'; expected file (the"
                    + " default: kept under ./data) or memory (gone when the process ends)");
        }
        if (!memory) {
            // WRITE_DELAY=0: a commit is written before it returns, so a 2xx survives kill -9 (H2 waits 500 ms by default)
            return new DatabaseSettings("jdbc:h2:file:./data/" + name + ";AUTO_SERVER=FALSE;WRITE_DELAY=0", "sa", "",
                    "embedded H2 (file)");
        }
        return new DatabaseSettings("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", "embedded H2 (memory)");
    }

    /** {@code DATABASE_URL} as platforms give it: a JDBC URL, or {@code postgres[ql]://user:password@host:port/db}. */
    static DatabaseSettings fromDatabaseUrl(String value, String user, String password) {
        if (value.startsWith("jdbc:postgresql://") && userInfo(value.substring("jdbc:".length())) != null) {
            // PostgreSQL's driver takes no user in the URL: it would look up "user:password@host" as a host name
            return fromDatabaseUrl(value.substring("jdbc:".length()), user, password);
        }
        if (value.startsWith("jdbc:")) {
            return new DatabaseSettings(value, user, password, "DATABASE_URL");
        }
        URI uri = URI.create(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw new IllegalArgumentException("DATABASE_URL " + mask(value) + " is neither a JDBC URL (jdbc:...) nor"
                    + " postgres://user:password@host:port/database. Set it to one of those forms.");
        }
        String u = user;
        String p = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            u = u.isEmpty() ? decode(parts[0]) : u;
            p = p.isEmpty() && parts.length > 1 ? decode(parts[1]) : p;
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseSettings("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, u, p,
                "DATABASE_URL");
    }

    /** The user-info part of {@code scheme://user:password@host...}, or null. */
    private static @Nullable String userInfo(String url) {
        try {
            return URI.create(url).getRawUserInfo();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static @Nullable String first(@Nullable String a, @Nullable String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
