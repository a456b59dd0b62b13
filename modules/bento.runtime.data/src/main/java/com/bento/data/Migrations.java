package com.bento.data;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs each module's migrations with Flyway, one module after another in module order, each with
 * its own history table ({@code bento_schema_<module>}), so that a module's migrations may use the
 * tables of the modules it requires and modules version their schema independently.
 *
 * <p>A module ships its SQL files under {@code META-INF/bento/migrations/<module name>/}
 * ({@code V1__create_products.sql}, ...). That folder is not a Java package, so the files are
 * readable from other JPMS modules without {@code opens}, on the module path as on the class path,
 * and from the module of a Bento module's class when it is linked into the run-time image with jlink,
 * whose scripts Flyway is handed as listed ({@link LinkedImage}) because it cannot scan such a module.
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
        return run(dataSource, modules, loader, Map.of());
    }

    /**
     * Runs the modules' migrations, in order.
     *
     * @param definedIn the JPMS module of each module's class, where its folder is looked for when it is
     *        linked into the run-time image (the class loader then shows no folder); it may lack modules
     */
    static List<Applied> run(DataSource dataSource, List<String> modules, ClassLoader loader, Map<String, Module> definedIn) {
        List<SchemaState.Scripts> scripts = SchemaState.locate(modules, loader, definedIn, Migrations::historyTable);
        // one query tells whether every module's scripts and history are as last recorded
        Map<String, SchemaState.Recorded> recorded = SchemaState.read(dataSource, scripts);
        List<Applied> applied = new ArrayList<>();
        for (SchemaState.Scripts module : scripts) {
            if (SchemaState.upToDate(module, recorded)) {
                applied.add(new Applied(module.module(), List.of(), false));
                continue;
            }
            List<String> versions = migrate(dataSource, module, loader);
            applied.add(new Applied(module.module(), versions, true));
            if (!versions.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, () -> "Migrated module '" + module.module() + "': applied version(s) "
                        + String.join(", ", versions) + ", history in " + historyTable(module.module()));
            }
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
        FluentConfiguration configuration = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations("classpath:" + module.location())
                .table(module.historyTable())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false);
        if (linked(module)) {
            // Flyway scans what the class loader shows, which is no folder of a linked module: it gets the scripts listed
            Map<String, byte[]> files = SchemaState.list(module.location(), module.roots()).orElseThrow(() ->
                    new MigrationException("Migrations of module '" + module.module() + "': " + module.location() + " at "
                            + module.roots() + " could not be read from the run-time image, or two of those folders hold"
                            + " different files under one name, so nothing was applied. Fix: ship the module's scripts in"
                            + " one module, or run the module from a jar on the module path."));
            java.nio.charset.Charset encoding = configuration.getEncoding();
            configuration.resourceProvider(new ListedScripts(module, files, encoding))
                    .javaMigrationClassProvider(List::of);
        }
        Flyway flyway = configuration.load();
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

    private static boolean linked(SchemaState.Scripts module) {
        for (java.net.URL root : module.roots()) {
            if ("jrt".equals(root.getProtocol())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A module's scripts as Flyway sees them when it scans a folder: by name relative to the
     * location, so the history records the same script names, and the checksums are the same, as
     * when the module runs from a jar.
     */
    private static final class ListedScripts implements ResourceProvider {
        private final List<LoadableResource> scripts = new ArrayList<>();

        ListedScripts(SchemaState.Scripts module, Map<String, byte[]> files, java.nio.charset.Charset encoding) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                scripts.add(new Script(module, file.getKey(), file.getValue(), encoding));
            }
        }

        @Override
        public LoadableResource getResource(String name) {
            for (LoadableResource script : scripts) {
                if (script.getRelativePath().equals(name)) {
                    return script;
                }
            }
            return null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            for (LoadableResource script : scripts) {
                String file = script.getFilename();
                if (file.startsWith(prefix)) {
                    for (String suffix : suffixes) {
                        if (file.endsWith(suffix)) {
                            found.add(script);
                            break;
                        }
                    }
                }
            }
            return found;
        }
    }

    private static final class Script extends LoadableResource {
        private final String where;
        private final String name;
        private final byte[] bytes;
        private final java.nio.charset.Charset encoding;

        Script(SchemaState.Scripts module, String name, byte[] bytes, java.nio.charset.Charset encoding) {
            this.where = module.location() + "/" + name;
            this.name = name;
            this.bytes = bytes;
            this.encoding = encoding;
        }

        @Override
        public Reader read() {
            return new InputStreamReader(new ByteArrayInputStream(bytes), encoding);
        }

        @Override
        public String getAbsolutePath() {
            return where;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return where;
        }

        @Override
        public String getFilename() {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        @Override
        public String getRelativePath() {
            return name;
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
