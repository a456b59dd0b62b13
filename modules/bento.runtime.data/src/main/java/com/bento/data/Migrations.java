package com.bento.data;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Runs every module's migrations in one Flyway pass with one history, {@value #HISTORY}: one
 * connection, one lock and one validation for all modules, where a pass per module would pay
 * Flyway's fixed cost (its history table created, locked, read and validated) once per module.
 *
 * <p>Scripts stay owned and ordered per module. A module ships its SQL files under
 * {@code META-INF/bento/migrations/<module name>/} ({@code V1__create_products.sql},
 * {@code R__refresh_view.sql}, ...) and numbers its versions on its own. Bento lists every module's
 * scripts itself (from a folder, a jar or a module linked into the run-time image, see
 * {@link LinkedImage}) and hands them to Flyway as one list in which each versioned script gets a
 * version of the history: the one it was applied as, or, when pending, the next free one, given
 * in module order and within a module in version order. So a module's scripts run after those of
 * the modules it requires, also when a module is added to a database that is already in use, and a
 * number, once given, never changes. The history's {@code script} column names the module's own
 * file ({@code META-INF/bento/migrations/catalog/V2__add_price.sql}) and its description says
 * {@code catalog V2 add price}.
 *
 * <p>A start on a schema that is up to date does not run Flyway: one query compares each module's
 * scripts and the history with what was recorded after they last ran ({@link SchemaState}).
 *
 * <p>A database migrated by an earlier Bento, with one Flyway history per module
 * ({@code bento_schema_<module>}), has those rows copied into the one history at its first start
 * (the old tables are left as they are), so nothing is applied twice.
 *
 * <p>Flyway was chosen over Micronaut Data's schema generation because the same versioned scripts run
 * on the embedded H2 default and on PostgreSQL, and a schema change is reviewed as a file.
 */
final class Migrations {
    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());
    static final String ROOT = "META-INF/bento/migrations/";
    /** The one migration history of all modules (Flyway's table layout). */
    static final String HISTORY = "bento_migration_history";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");

    private Migrations() {
    }

    /**
     * What ran, per module, for logs and tests: the versions applied now (the module's own), and
     * whether the migration pass ran at all ({@code false}: the scripts and history were as
     * recorded, see {@link SchemaState}).
     */
    record Applied(String module, List<String> versions, boolean checked) {
    }

    static List<Applied> run(DataSource dataSource, List<String> modules, ClassLoader loader) {
        return run(dataSource, modules, loader, Map.of());
    }

    /**
     * Runs the modules' migrations, in order, in one pass.
     *
     * @param definedIn the JPMS module of each module's class, where its folder is looked for when it is
     *        linked into the run-time image (the class loader then shows no folder); it may lack modules
     */
    static List<Applied> run(DataSource dataSource, List<String> modules, ClassLoader loader, Map<String, Module> definedIn) {
        List<SchemaState.Scripts> located = SchemaState.locate(modules, loader, definedIn);
        if (located.isEmpty()) {
            return List.of();
        }
        // one query tells whether every module's scripts and the history are as last recorded
        Map<String, SchemaState.Recorded> recorded = SchemaState.read(dataSource, located);
        if (located.stream().allMatch(m -> SchemaState.upToDate(m, recorded))) {
            return located.stream().map(m -> new Applied(m.module(), List.of(), false)).toList();
        }
        List<ModuleScripts> scripts = located.stream().map(Migrations::parse).toList();
        Map<String, List<String>> applied = migrate(dataSource, scripts, loader);
        List<Applied> result = new ArrayList<>();
        for (ModuleScripts module : scripts) {
            List<String> versions = applied.getOrDefault(module.name(), List.of());
            result.add(new Applied(module.name(), versions, true));
            if (!versions.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, () -> "Migrated module '" + module.name() + "': applied "
                        + String.join(", ", versions) + ", history in " + HISTORY);
            }
        }
        try {
            SchemaState.record(dataSource, located);
        } catch (SQLException e) {
            // only the next start's shortcut is lost: it runs the migration pass again
            LOG.log(System.Logger.Level.WARNING, () -> "Could not record the schema state in " + SchemaState.TABLE
                    + " (" + e.getMessage() + "); the next start checks the migrations with Flyway again");
        }
        return result;
    }

    /** The per-module history table of Bento before the one history; read once, to adopt it. */
    static String legacyHistoryTable(String module) {
        return "bento_schema_" + module.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** A module's script: its name relative to the module's folder, its version (empty: repeatable) and text. */
    record Script(String module, String name, List<BigInteger> version, String versionText, String description, byte[] bytes) {
        boolean versioned() {
            return !version.isEmpty();
        }

        /** The script as the history's {@code script} column names it. */
        String path() {
            return ROOT + module + "/" + name;
        }

        /** The description Flyway derives from the name it is handed (underscores read as spaces). */
        String historyDescription() {
            return (module + (versioned() ? " V" + versionText : "") + " " + description).replace('_', ' ');
        }

        String label() {
            return versioned() ? "V" + versionText : "repeatable '" + description.replace('_', ' ') + "'";
        }

        /**
         * The file name Flyway is handed, from which it reads the history version (none for a repeatable
         * script) and {@link #historyDescription()}.
         */
        String handedAs(String historyVersion) {
            return versioned() ? "V" + historyVersion + "__" + module + "_V" + versionText + "_" + description + ".sql"
                    : "R__" + module + "_" + description + ".sql";
        }

        /** The script a file of a module's folder is, by its name; empty for a name of neither kind. */
        static Optional<Script> of(String module, String name, byte[] bytes) {
            String simple = name.substring(name.lastIndexOf('/') + 1);
            Matcher v = VERSIONED.matcher(simple);
            if (v.matches()) {
                List<BigInteger> version = Migrations.version(v.group(1));
                return Optional.of(new Script(module, name, version, text(version), v.group(2), bytes));
            }
            Matcher r = REPEATABLE.matcher(simple);
            return r.matches() ? Optional.of(new Script(module, name, List.of(), "", r.group(1), bytes)) : Optional.empty();
        }
    }

    record ModuleScripts(String name, List<Script> versioned, List<Script> repeatable) {
    }

    /** A module's scripts, versioned ones in version order; bad names and unreadable folders fail here. */
    static ModuleScripts parse(SchemaState.Scripts module) {
        Map<String, byte[]> files = module.files().orElseThrow(() -> unlisted(module));
        List<Script> versioned = new ArrayList<>();
        List<Script> repeatable = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            if (!name.endsWith(".sql")) {
                continue; // a README or the like beside the scripts, as Flyway passes them over
            }
            Optional<Script> script = Script.of(module.module(), name, file.getValue());
            if (script.isEmpty()) {
                throw new MigrationException("Migrations of module '" + module.module() + "': " + module.location() + "/"
                        + name + " is neither a versioned script (V<version>__<description>.sql, the version digits"
                        + " separated by '.' or '_') nor a repeatable one (R__<description>.sql), so nothing was applied."
                        + " Fix: rename it, or move it out of " + module.location() + "/.");
            }
            (script.get().versioned() ? versioned : repeatable).add(script.get());
        }
        versioned.sort(Comparator.comparing(Script::version, Migrations::compare));
        for (int i = 1; i < versioned.size(); i++) {
            if (compare(versioned.get(i - 1).version(), versioned.get(i).version()) == 0) {
                throw new MigrationException("Migrations of module '" + module.module() + "': " + versioned.get(i - 1).name()
                        + " and " + versioned.get(i).name() + " both have version " + versioned.get(i).versionText()
                        + ", so nothing was applied. Fix: give one of them the next free version.");
            }
        }
        return new ModuleScripts(module.module(), versioned, repeatable);
    }

    private static MigrationException unlisted(SchemaState.Scripts module) {
        boolean linked = module.roots().stream().anyMatch(u -> "jrt".equals(u.getProtocol()));
        if (linked) {
            return new MigrationException("Migrations of module '" + module.module() + "': " + module.location() + " at "
                    + module.roots() + " could not be read from the run-time image, or two of those folders hold"
                    + " different files under one name, so nothing was applied. Fix: ship the module's scripts in"
                    + " one module, or run the module from a jar on the module path.");
        }
        return new MigrationException("Migrations of module '" + module.module() + "': " + module.location() + " at "
                + module.roots() + " could not be listed (Bento reads folders, jars and modules linked into the run-time"
                + " image), or two of those folders hold different files under one name, so nothing was applied."
                + " Fix: run the module from a jar or a folder on the module or class path, with its scripts in one place.");
    }

    private static List<BigInteger> version(String text) {
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        // 1.0 is 1, as Flyway reads it
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return List.copyOf(parts);
    }

    private static String text(List<BigInteger> version) {
        StringBuilder s = new StringBuilder();
        for (BigInteger part : version) {
            s.append(s.length() == 0 ? "" : ".").append(part);
        }
        return s.toString();
    }

    static int compare(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** A row of the history, as far as the pass reads it. */
    record Row(int rank, String version, String description, String type, String script, Integer checksum,
               String installedBy, java.sql.Timestamp installedOn, int executionTime, boolean success) {
    }

    /** The rows of a Flyway history table in installed order; empty when it does not exist. */
    static List<Row> read(DataSource dataSource, String table) {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select \"installed_rank\", \"version\", \"description\", \"type\", \"script\","
                     + " \"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\" from \"" + table
                     + "\" order by \"installed_rank\"")) {
            while (rs.next()) {
                int checksum = rs.getInt(6);
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.wasNull() ? null : checksum, rs.getString(7), rs.getTimestamp(8), rs.getInt(9), rs.getBoolean(10)));
            }
        } catch (SQLException e) {
            return List.of(); // no such table (yet)
        }
        return rows;
    }

    /** The first history version not given yet (Flyway's baseline row holds 0). */
    private static long nextVersion(List<Row> history) {
        long next = 1;
        for (Row row : history) {
            if (row.version() != null && row.version().matches("[0-9]+")) {
                next = Math.max(next, Long.parseLong(row.version()) + 1);
            }
        }
        return next;
    }

    /** The module a row of the one history belongs to, and its script's name in the module's folder. */
    private static String[] owner(Row row) {
        if (row.script() == null || !row.script().startsWith(ROOT)) {
            return null; // Flyway's baseline row
        }
        int slash = row.script().indexOf('/', ROOT.length());
        return slash < 0 ? null : new String[] {row.script().substring(ROOT.length(), slash), row.script().substring(slash + 1)};
    }

    private static Map<String, List<String>> migrate(DataSource dataSource, List<ModuleScripts> modules, ClassLoader loader) {
        List<Row> history = read(dataSource, HISTORY);
        if (adopt(dataSource, modules, history, loader)) {
            history = read(dataSource, HISTORY);
        }
        // the history's rows of each module's versioned scripts, by the module's version
        Map<String, TreeMap<List<BigInteger>, Row>> appliedOf = new LinkedHashMap<>();
        long next = nextVersion(history);
        for (Row row : history) {
            String[] owner = owner(row);
            if (owner == null || row.version() == null) {
                continue;
            }
            Script.of(owner[0], owner[1], null).filter(Script::versioned).ifPresent(script -> appliedOf
                    .computeIfAbsent(owner[0], m -> new TreeMap<>(Migrations::compare)).put(script.version(), row));
        }
        List<Script> all = new ArrayList<>();
        Map<String, Script> byHistoryVersion = new LinkedHashMap<>();
        List<LoadableResource> resources = new ArrayList<>();
        for (ModuleScripts module : modules) {
            TreeMap<List<BigInteger>, Row> applied = appliedOf.getOrDefault(module.name(), new TreeMap<>(Migrations::compare));
            Map<List<BigInteger>, Script> present = new TreeMap<>(Migrations::compare);
            module.versioned().forEach(s -> present.put(s.version(), s));
            for (Map.Entry<List<BigInteger>, Row> row : applied.entrySet()) {
                if (!present.containsKey(row.getKey())) {
                    throw new MigrationException("Migrations of module '" + module.name() + "': version " + text(row.getKey())
                            + " (" + row.getValue().script() + ") is in " + HISTORY + " but no longer among the module's"
                            + " scripts, so nothing was applied. Fix: put the script back; an applied script stays, and a"
                            + " change goes into a new version.");
                }
            }
            List<BigInteger> newestApplied = applied.isEmpty() ? null : applied.lastKey();
            for (Script script : module.versioned()) {
                Row row = applied.get(script.version());
                String historyVersion;
                if (row != null) {
                    historyVersion = row.version();
                } else {
                    if (newestApplied != null && compare(script.version(), newestApplied) < 0) {
                        throw new MigrationException("Migrations of module '" + module.name() + "': " + script.name()
                                + " is pending but older than version " + text(newestApplied) + ", already applied, so"
                                + " nothing was applied. Fix: give it a version above " + text(newestApplied) + ".");
                    }
                    historyVersion = Long.toString(next++);
                }
                byHistoryVersion.put(historyVersion, script);
                all.add(script);
                resources.add(new Resource(script, script.handedAs(historyVersion)));
            }
            for (Script script : module.repeatable()) {
                all.add(script);
                resources.add(new Resource(script, script.handedAs(null)));
            }
        }
        FluentConfiguration configuration = configure(dataSource, loader, resources)
                // rows of modules not in this pass (one removed, or a start's modules when one is loaded later): each
                // module's own rows were checked above
                .ignoreMigrationPatterns("*:missing", "*:future");
        Flyway flyway = configuration.load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (RuntimeException e) {
            throw failed(e, all, byHistoryVersion, modules);
        }
        Map<String, List<String>> applied = new LinkedHashMap<>();
        for (MigrateOutput output : result.migrations) {
            Script script = output.version == null || output.version.isEmpty() ? repeatable(all, output.description)
                    : byHistoryVersion.get(output.version);
            if (script != null) {
                applied.computeIfAbsent(script.module(), m -> new ArrayList<>()).add(script.label());
            }
        }
        return applied;
    }

    private static Script repeatable(List<Script> all, String description) {
        for (Script s : all) {
            if (!s.versioned() && s.historyDescription().equals(description)) {
                return s;
            }
        }
        return null;
    }

    private static FluentConfiguration configure(DataSource dataSource, ClassLoader loader, List<LoadableResource> resources) {
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .table(HISTORY)
                // other tables may be there before the first pass (the schema state, an application's own)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .resourceProvider(new Listed(resources))
                .javaMigrationClassProvider(List::of);
    }

    /** Flyway's failure, with the module and script each history version it names stands for. */
    private static MigrationException failed(RuntimeException e, List<Script> all, Map<String, Script> byHistoryVersion,
                                             List<ModuleScripts> pass) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 20_000; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        Map<String, Script> named = new LinkedHashMap<>();
        // Flyway names a script by the file name it was handed, or a history version ("to version 5", "database: 5")
        byHistoryVersion.forEach((version, s) -> {
            if (text.indexOf(s.handedAs(version)) >= 0) {
                named.putIfAbsent(version, s);
            }
        });
        Matcher m = Pattern.compile("(?:version|database:) \"?([0-9]+)(?![0-9.])").matcher(text);
        while (m.find()) {
            Script s = byHistoryVersion.get(m.group(1));
            if (s != null) {
                named.putIfAbsent(m.group(1), s);
            }
        }
        for (Script s : all) {
            if (!s.versioned() && text.indexOf(s.historyDescription()) >= 0) {
                named.putIfAbsent(s.historyDescription(), s);
            }
        }
        StringBuilder message = new StringBuilder("Migrations of ");
        // the modules whose scripts Flyway named; when it named none, every module of the pass
        List<String> modules = named.isEmpty() ? pass.stream().map(ModuleScripts::name).toList()
                : named.values().stream().map(Script::module).distinct().toList();
        message.append(modules.size() == 1 ? "module '" + modules.get(0) + "'" : "modules " + modules)
                .append(" failed: ").append(e.getMessage());
        if (!named.isEmpty()) {
            message.append("\n(in ").append(HISTORY).append(":");
            named.forEach((version, s) -> message.append(s.versioned() ? " version " + version + " is " : " ")
                    .append(s.path()).append(';'));
            message.setCharAt(message.length() - 1, ')');
        }
        message.append("\nFix the script; the scripts before it were applied. Where the database cannot roll DDL back"
                + " (H2, MariaDB), undo what the failed script did and delete its row (\"success\" false) from "
                + HISTORY + " before the next start.");
        return new MigrationException(message.toString(), e);
    }

    /**
     * Copies the per-module Flyway histories of an earlier Bento into the one history, for the modules
     * that have no row there yet, so their applied scripts are not applied again.
     *
     * @return whether anything was copied
     */
    private static boolean adopt(DataSource dataSource, List<ModuleScripts> modules, List<Row> history, ClassLoader loader) {
        java.util.Set<String> known = new java.util.HashSet<>();
        for (Row row : history) {
            String[] owner = owner(row);
            if (owner != null) {
                known.add(owner[0]);
            }
        }
        Map<String, List<Row>> legacy = new LinkedHashMap<>();
        for (ModuleScripts module : modules) {
            if (known.contains(module.name())) {
                continue;
            }
            // the scripts' rows: not Flyway's baseline or schema markers
            List<Row> rows = read(dataSource, legacyHistoryTable(module.name())).stream()
                    .filter(r -> r.script() != null && Script.of(module.name(), r.script(), null).isPresent()).toList();
            if (!rows.isEmpty()) {
                legacy.put(module.name(), rows);
            }
        }
        if (legacy.isEmpty()) {
            return false;
        }
        if (history.isEmpty()) {
            configure(dataSource, loader, List.of()).load().baseline(); // the table, in Flyway's layout for this database
            history = read(dataSource, HISTORY);
        }
        int rank = history.stream().mapToInt(Row::rank).max().orElse(0);
        long next = nextVersion(history);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into \"" + HISTORY + "\" (\"installed_rank\", \"version\","
                    + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\","
                    + " \"execution_time\", \"success\") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, List<Row>> module : legacy.entrySet()) {
                    for (Row row : module.getValue()) {
                        // the description Flyway now derives from the name the script is handed, so validation agrees
                        String description = Script.of(module.getKey(), row.script(), null).orElseThrow().historyDescription();
                        insert.setInt(1, ++rank);
                        insert.setString(2, row.version() == null ? null : Long.toString(next++));
                        insert.setString(3, description);
                        insert.setString(4, row.type());
                        insert.setString(5, ROOT + module.getKey() + "/" + row.script());
                        if (row.checksum() == null) {
                            insert.setNull(6, java.sql.Types.INTEGER);
                        } else {
                            insert.setInt(6, row.checksum());
                        }
                        insert.setString(7, row.installedBy() == null ? "bento" : row.installedBy());
                        insert.setTimestamp(8, row.installedOn());
                        insert.setInt(9, row.executionTime());
                        insert.setBoolean(10, row.success());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new MigrationException("Copying the per-module migration histories " + legacy.keySet().stream()
                    .map(Migrations::legacyHistoryTable).toList() + " into " + HISTORY + " failed (" + e.getMessage()
                    + "), so nothing was applied; the old tables are unchanged. Fix the cause and start again.", e);
        }
        legacy.forEach((module, rows) -> LOG.log(System.Logger.Level.INFO, () -> "Module '" + module + "': "
                + rows.size() + " row(s) of its history " + legacyHistoryTable(module) + " copied into " + HISTORY
                + "; the old table is left as it was and no longer read"));
        return true;
    }

    /** The listed scripts, as Flyway finds them by name. */
    private static final class Listed implements ResourceProvider {
        private final List<LoadableResource> resources;

        Listed(List<LoadableResource> resources) {
            this.resources = resources;
        }

        @Override
        public LoadableResource getResource(String name) {
            for (LoadableResource resource : resources) {
                if (resource.getRelativePath().equals(name) || resource.getFilename().equals(name)) {
                    return resource;
                }
            }
            return null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            for (LoadableResource resource : resources) {
                String file = resource.getFilename();
                if (file.startsWith(prefix)) {
                    for (String suffix : suffixes) {
                        if (file.endsWith(suffix)) {
                            found.add(resource);
                            break;
                        }
                    }
                }
            }
            return found;
        }
    }

    /**
     * A script as Flyway is handed it: under the name that gives it its history version (Flyway reads
     * version and description from the file name), with the module's own file as its path, which the
     * history records.
     */
    private static final class Resource extends LoadableResource {
        private final Script script;
        private final String filename;

        Resource(Script script, String filename) {
            this.script = script;
            this.filename = filename;
        }

        @Override
        public Reader read() {
            // Flyway's default encoding, which it also assumed when it scanned a module's folder
            return new InputStreamReader(new ByteArrayInputStream(script.bytes()), java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return script.path();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return script.path();
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return script.path();
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
