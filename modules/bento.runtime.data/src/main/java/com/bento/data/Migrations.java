package com.bento.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs each module's migrations with Flyway, one module after another in module order, each with
 * its own history table ({@code bento_schema_<module>}), so that a module's migrations may use the
 * tables of the modules it requires and modules version their schema independently.
 *
 * <p>A module ships its SQL files under {@code META-INF/bento/migrations/<module name>/}
 * ({@code V1__create_products.sql}, ...). That folder is not a Java package, so the files are
 * readable from other JPMS modules without {@code opens}, on the module path as on the class path.
 * Flyway was chosen over Micronaut Data's schema generation because the same versioned scripts run
 * on the embedded H2 default and on PostgreSQL, and a schema change is reviewed as a file.
 */
final class Migrations {
    static final String ROOT = "META-INF/bento/migrations/";

    private Migrations() {
    }

    /** What ran, per module, for logs and tests: module name and the versions applied now. */
    record Applied(String module, List<String> versions) {
    }

    static List<Applied> run(DataSource dataSource, List<String> modules, ClassLoader loader) {
        List<Applied> applied = new ArrayList<>();
        for (String module : modules) {
            String location = ROOT + module;
            if (loader.getResource(location) == null) {
                continue;
            }
            Flyway flyway = Flyway.configure(loader)
                    .dataSource(dataSource)
                    .locations("classpath:" + location)
                    .table("bento_schema_" + module.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"))
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(false)
                    .load();
            try {
                MigrateResult result = flyway.migrate();
                applied.add(new Applied(module, result.migrations.stream().map(m -> m.version).toList()));
            } catch (RuntimeException e) {
                throw new MigrationException("Migrations of module '" + module + "' (" + location + ") failed: "
                        + e.getMessage() + ". Fix the script; the migrations of the modules before it were applied.", e);
            }
        }
        return applied;
    }

    /** A module's migrations failed. */
    static final class MigrationException extends com.bento.BentoRuntimeException {
        private static final long serialVersionUID = 1L;

        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
