package com.bento.data;

import com.bento.Container;
import com.bento.Health;
import com.bento.HealthCheck;
import com.bento.spi.DatabasePhase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The database phase: chooses the database ({@link DatabaseSettings#resolve}), opens a HikariCP
 * pool that must connect within {@code bento.database.connect-timeout} (5 s by default, or
 * {@code BENTO_DATABASE_CONNECT_TIMEOUT}, in seconds), and registers {@code database}
 * ({@link Database}), {@code database.dataSource} ({@link DataSource}), {@code database.health}
 * ({@link HealthCheck}) and {@code repositories} ({@link Repositories}) in the container. A database that cannot be reached fails the start with
 * its URL (password masked), where the setting came from, and the driver's reason.
 */
public final class DataPhase implements DatabasePhase {
    private static final System.Logger LOG = System.getLogger(DataPhase.class.getName());

    /** For {@link java.util.ServiceLoader}. */
    public DataPhase() {
    }

    /** Puts {@code repositories} in the container, so that modules register their repositories in onRegister. */
    @Override
    public void prepare(Context context) {
        context.container().set(Repositories.KEY, new DefaultRepositories());
    }

    @Override
    public AutoCloseable open(Context context) throws Exception {
        DatabaseSettings settings = DatabaseSettings.resolve(context.serviceName(),
                context.testMode() || context.environment().equals("test"), context.settings(),
                System::getProperty, System::getenv);
        if (settings.embedded() && settings.url().startsWith("jdbc:h2:file:")) {
            LOG.log(System.Logger.Level.INFO, () -> "Database: embedded H2 in " + java.nio.file.Path.of("data")
                    .toAbsolutePath() + " (bento.database.embedded=memory for one that is gone when the process ends)");
        }
        Duration timeout = Duration.ofSeconds(Long.parseLong(com.bento.Settings.lookup("bento.database.connect-timeout",
                "BENTO_DATABASE_CONNECT_TIMEOUT", "5")));
        HikariConfig config = new HikariConfig();
        config.setPoolName("bento-" + context.serviceName());
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setInitializationFailTimeout(timeout.toMillis());
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), 5000)));
        config.setMaximumPoolSize(Integer.parseInt(com.bento.Settings.lookup("bento.database.pool-size", "BENTO_DATABASE_POOL_SIZE", "10")));
        config.addDataSourceProperty("ApplicationName", "bento-" + context.serviceName()); // PostgreSQL: pg_stat_activity
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            java.util.List<String> secrets = java.util.List.of(settings.password());
            throw new DatabaseUnavailableException("Database " + settings.maskedUrl() + " (from " + settings.source()
                    + ", user '" + settings.user() + "') could not be reached within " + timeout.toSeconds() + " s: "
                    + com.bento.Settings.maskSecrets(String.valueOf(cause.getMessage()), secrets),
                    com.bento.Settings.redact(e, secrets));
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Migrations.run(pool, context.modules(), loader != null ? loader : DataPhase.class.getClassLoader(), context.definedIn());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        DefaultUnitOfWork unitOfWork = new DefaultUnitOfWork(pool);
        TransactionAwareDataSource dataSource = new TransactionAwareDataSource(pool, unitOfWork);
        Database database = new DefaultDatabase(dataSource, unitOfWork, settings);
        Container container = context.container();
        container.set(Database.KEY, database);
        container.set(Database.DATA_SOURCE, dataSource);
        container.set(Database.HEALTH, () -> check(pool, settings, timeout));

        return pool;
    }

    /** Runs the loaded modules' migrations on the database {@link #open} opened, as a start runs them. */
    @Override
    public void migrate(Context context, ClassLoader loader) {
        Migrations.run(context.container().get(Database.DATA_SOURCE), context.modules(), loader, context.definedIn());
    }

    /** Runs the driver's validation ({@link Connection#isValid}) and reports its latency. */
    static Health check(DataSource pool, DatabaseSettings settings, Duration timeout) {
        long begin = System.nanoTime();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", settings.maskedUrl());
        try (Connection c = pool.getConnection()) {
            boolean valid = c.isValid((int) Math.max(1, timeout.toSeconds()));
            double ms = (System.nanoTime() - begin) / 1_000_000.0;
            details.put("latency_ms", ms);
            if (!valid) {
                details.put("error", "the connection did not validate");
                return new Health(Health.Status.DOWN, details);
            }
            // slower than a tenth of the connect timeout: working, but worse than it should
            return new Health(ms > timeout.toMillis() / 10.0 ? Health.Status.DEGRADED : Health.Status.UP, details);
        } catch (Exception e) {
            details.put("latency_ms", (System.nanoTime() - begin) / 1_000_000.0);
            details.put("error", String.valueOf(e.getMessage()));
            return new Health(Health.Status.DOWN, details);
        }
    }


    /** The configured database could not be reached when the pool opened. */
    public static final class DatabaseUnavailableException extends com.bento.BentoRuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
