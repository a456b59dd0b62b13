package com.bento.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A start on a schema that is up to date does not run Flyway: one query compares each module's
 * scripts and history table with what was recorded after they last ran ({@link SchemaState}).
 *
 * <p>Flyway was chosen over Micronaut Data's schema generation because the same versioned scripts run
 * on the embedded H2 default and on PostgreSQL, and a schema change is reviewed as a file.
 */
final class Migrations {
    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());
    static final String ROOT = "META-INF/bento/migrations/";

    private Migrations() {
    }

    /**
     * What ran, per module, for logs and tests: the versions applied now, and whether Flyway was run
     * at all ({@code false}: the scripts and history were as recorded, see {@link SchemaState}).
     */
    record Applied(String module, List<String> versions, boolean checked) {
    }

    static List<Applied> run(DataSource dataSource, List<String> modules, ClassLoader loader) {
        List<SchemaState.Scripts> scripts = SchemaState.locate(modules, loader, Migrations::historyTable);
        // one query tells whether every module's scripts and history are as last recorded
        Map<String, SchemaState.Recorded> recorded = SchemaState.read(dataSource, scripts);
        List<Applied> applied = new ArrayList<>();
        for (SchemaState.Scripts module : scripts) {
            if (SchemaState.upToDate(module, recorded)) {
                applied.add(new Applied(module.module(), List.of(), false));
                continue;
            }
            applied.add(new Applied(module.module(), migrate(dataSource, module, loader), true));
            try {
                SchemaState.record(dataSource, module);
            } catch (java.sql.SQLException e) {
                // only the next start's shortcut is lost: it runs Flyway for this module again
                LOG.log(System.Logger.Level.WARNING, () -> "Could not record the schema state of module '"
                        + module.module() + "' in " + SchemaState.TABLE + " (" + e.getMessage()
                        + "); the next start checks its migrations with Flyway again");
            }
        }
        return applied;
    }

    static String historyTable(String module) {
        return "bento_schema_" + module.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static List<String> migrate(DataSource dataSource, SchemaState.Scripts module, ClassLoader loader) {
        Flyway flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations("classpath:" + module.location())
                .table(module.historyTable())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (RuntimeException e) {
            throw new MigrationException("Migrations of module '" + module.module() + "' (" + module.location()
                    + ") failed: " + e.getMessage() + ". Fix the script; the migrations of the modules before it were applied.", e);
        }
        if (result.migrations.isEmpty()) {
            requireScriptsSeen(flyway, module);
        }
        return result.migrations.stream().map(m -> m.version).toList();
    }

    /**
     * Flyway applied nothing: fine when it sees every script as applied, but when it sees none at all
     * although the class loader shows the module's folder (holding scripts, or of a kind Bento cannot
     * list either), Flyway could not scan that kind of location (it scans folders and jars), and a
     * start would otherwise go on with the module's tables missing.
     */
    private static void requireScriptsSeen(Flyway flyway, SchemaState.Scripts module) {
        if (module.sqlFiles().isPresent() && module.sqlFiles().getAsInt() == 0) {
            return; // an empty folder: nothing to apply
        }
        long seen = java.util.Arrays.stream(flyway.info().all())
                .filter(m -> m.getState().isResolved() && m.getScript().endsWith(".sql")).count();
        if (seen == 0) {
            String listed = module.sqlFiles().isPresent() ? module.sqlFiles().getAsInt() + " SQL script(s)" : "scripts Bento could not list";
            String where = module.roots().isEmpty() ? "" : " at " + module.roots();
            throw new MigrationException("Migrations of module '" + module.module() + "': " + module.location() + where
                    + " holds " + listed + ", but Flyway found no script there (it scans folders and jars, not other kinds"
                    + " of location), so nothing was applied. Fix: run the module from a jar or a folder on the module or"
                    + " class path.");
        }
    }

    /** A module's migrations failed. */
    static final class MigrationException extends com.bento.BentoRuntimeException {
        private static final long serialVersionUID = 1L;

        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }

        MigrationException(String message) {
            super(message);
        }
    }
}
