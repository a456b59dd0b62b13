package com.bento.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.Health;
import com.bento.HealthCheck;
import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One suite, run against each database: the embedded H2 default and a real PostgreSQL. */
abstract class UnitOfWorkContract {

    record Store() implements Module {
        @Override
        public String name() {
            return "store";
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }
    }

    @com.bento.Requires("store")
    record Audit() implements Module {
        @Override
        public String name() {
            return "audit";
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }
    }

    protected BentoRuntime runtime;
    protected Database database;
    protected final String table = "uow_test_" + Long.toHexString(System.nanoTime());

    /** The runtime, built against this suite's database. */
    protected abstract BentoRuntime build();

    @BeforeEach
    void open() throws SQLException {
        runtime = build().start();
        database = runtime.container().get("database", Database.class);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, name varchar(40))");
        }
    }

    @AfterEach
    void close() throws SQLException {
        if (runtime.isStarted()) {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table " + table);
            }
            runtime.close();
        }
    }

    private void insert(Connection c, int id, String name) throws SQLException {
        try (var p = c.prepareStatement("insert into " + table + " (id, name) values (?, ?)")) {
            p.setInt(1, id);
            p.setString(2, name);
            p.executeUpdate();
        }
    }

    /** A "repository" written against the plain DataSource, as Micronaut Data and most JDBC code are. */
    private void insertThroughDataSource(int id, String name) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, id, name);
        }
    }

    protected List<String> names() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name from " + table + " order by id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void workThatReturnsCommits() throws SQLException {
        int id = database.unitOfWork().call(c -> {
            insert(c, 1, "tea");
            return 1;
        });
        assertThat(id).isEqualTo(1);
        assertThat(names()).containsExactly("tea");
    }

    @Test
    void aFailureMidwayLeavesNoRowBehind() throws SQLException {
        assertThatThrownBy(() -> database.unitOfWork().run(c -> {
            insert(c, 1, "tea");
            insertThroughDataSource(2, "cake");
            throw new IllegalStateException("payment declined");
        })).isInstanceOf(IllegalStateException.class).hasMessage("payment declined");
        assertThat(names()).isEmpty();
    }

    @Test
    void codeUsingTheDataSourceInsideAUnitOfWorkSharesItsConnection() throws SQLException {
        AtomicReference<Connection> outer = new AtomicReference<>();
        database.unitOfWork().run(c -> {
            outer.set(c);
            insertThroughDataSource(1, "tea");
            try (Connection shared = database.dataSource().getConnection()) {
                assertThat(shared.unwrap(Connection.class)).isSameAs(c.unwrap(Connection.class));
            }
            assertThat(c.isClosed()).as("closing the shared connection leaves the unit's open").isFalse();
        });
        assertThat(names()).containsExactly("tea");
    }

    @Test
    void nestedWorkJoinsTheOuterTransaction() throws SQLException {
        assertThatThrownBy(() -> database.unitOfWork().run(c -> {
            database.unitOfWork().run(inner -> {
                assertThat(inner).isSameAs(c);
                insert(inner, 1, "tea");
            });
            insert(c, 2, "cake");
            throw new IllegalStateException("late failure");
        })).hasMessage("late failure");
        assertThat(names()).as("the inner work's row went with the outer rollback").isEmpty();
    }

    @Test
    void anInnerFailureTheOuterWorkSwallowsStillRollsEverythingBack() throws SQLException {
        assertThatThrownBy(() -> database.unitOfWork().run(c -> {
            insert(c, 1, "tea");
            try {
                database.unitOfWork().run(inner -> {
                    insert(inner, 2, "cake");
                    throw new IllegalStateException("inner failure");
                });
            } catch (IllegalStateException swallowed) {
                // the outer work goes on as if nothing happened
            }
        })).isInstanceOf(TransactionException.class)
                .hasMessageStartingWith("An inner unit of work failed, so the transaction was rolled back;");
        assertThat(names()).isEmpty();
    }

    @Test
    void afterCommitActionsRunInOrderOnceCommittedAndNeverOnRollback() throws SQLException {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        database.unitOfWork().run(c -> {
            insert(c, 1, "kept");
            database.unitOfWork().afterCommit(() -> {
                try {
                    log.add("first sees " + names()); // another connection: sees only committed rows
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            database.unitOfWork().run(inner -> database.unitOfWork().afterCommit(() -> log.add("nested")));
            database.unitOfWork().afterCommit(() -> {
                throw new IllegalStateException("an action that fails");
            });
            database.unitOfWork().afterCommit(() -> log.add("after the failing one"));
            log.add("work done");
        });
        assertThat(log).containsExactly("work done", "first sees [kept]", "nested", "after the failing one");
        assertThat(names()).containsExactly("kept");

        log.clear();
        assertThatThrownBy(() -> database.unitOfWork().run(c -> {
            database.unitOfWork().afterCommit(() -> log.add("must not run"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(log).isEmpty();
        assertThatThrownBy(() -> database.unitOfWork().afterCommit(() -> log.add("no transaction")))
                .isInstanceOf(TransactionException.class).hasMessageStartingWith("afterCommit needs a unit of work running on this thread");
    }

    @Test
    void aCheckedFailureIsWrappedAndRolledBack() throws SQLException {
        assertThatThrownBy(() -> database.unitOfWork().run(c -> {
            insert(c, 1, "tea");
            insert(c, 1, "duplicate");
        })).isInstanceOf(TransactionException.class).hasMessageStartingWith("The unit of work failed and was rolled back: ")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(names()).isEmpty();
    }

    @Test
    void repositoriesAreFoundByAggregateTypeAndAConcurrentUpdateIsAConflict() throws Exception {
        Repositories repositories = runtime.container().get("repositories", Repositories.class);
        ProductRepository products = new ProductRepository(database.dataSource(), table + "_p");
        repositories.register(ProductRepository.Product.class, products);
        products.createTable();
        try {
            Repository<ProductRepository.Product, Long> repo = repositories.of(ProductRepository.Product.class);
            repo.save(new ProductRepository.Product(1, "tea", 0));
            ProductRepository.Product mine = repo.findById(1L).orElseThrow();
            ProductRepository.Product theirs = repo.findById(1L).orElseThrow();
            assertThat(repo.save(new ProductRepository.Product(1, "green tea", theirs.version())).version()).isEqualTo(2);
            assertThatThrownBy(() -> repo.save(new ProductRepository.Product(1, "black tea", mine.version())))
                    .isInstanceOf(com.bento.BentoException.class)
                    .hasMessage("Product 1 was changed by someone else (expected version 1); read it again and retry")
                    .satisfies(e -> {
                        com.bento.BentoException b = (com.bento.BentoException) e;
                        assertThat(b.reasonCode()).isEqualTo("OPTIMISTIC_LOCK_CONFLICT");
                        assertThat(b.httpStatus()).isEqualTo(409);
                        assertThat(b.retryable()).isTrue();
                        assertThat(b.details()).containsEntry("aggregate", "Product").containsEntry("expected_version", 1L);
                    });
            assertThat(repo.findAll()).extracting(ProductRepository.Product::name).containsExactly("green tea");
            assertThatThrownBy(() -> repositories.of(String.class)).isInstanceOf(com.bento.ServiceNotFoundException.class)
                    .hasMessage("No repository is registered for aggregate java.lang.String. Aggregates with a repository:"
                            + " com.bento.data.ProductRepository$Product. Register one in the owning module's onRegister:"
                            + " repositories.register(String.class, repository).");
        } finally {
            products.dropTable();
        }
    }

    @Test
    void everyModulesMigrationsRunInOnePassInModuleOrderEachScriptRecordedAsItsModules() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select a.id, sh.label from audit_entry a join shelf sh on sh.id = a.shelf_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("teas");
            }
            List<String> history = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select \"version\", \"description\", \"script\" from \"" + Migrations.HISTORY
                    + "\" where \"success\" and \"script\" like 'META-INF/%' order by \"installed_rank\"")) {
                while (rs.next()) {
                    history.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            // the builder lists audit first: the order is the modules' (audit requires store), each module's by version
            assertThat(history).containsExactly(
                    "1 store V1 create shelf META-INF/bento/migrations/store/V1__create_shelf.sql",
                    "2 store V2 seed shelf META-INF/bento/migrations/store/V2__seed_shelf.sql",
                    "3 audit V1 create audit entry META-INF/bento/migrations/audit/V1__create_audit_entry.sql");
        }
    }

    /** The runtime's class loader, which sees the test's store and audit scripts. */
    private static ClassLoader scripts() {
        return UnitOfWorkContract.class.getClassLoader();
    }

    @Test
    void aStartOnAnUpToDateSchemaRunsNoFlywayAndAChangeRunsTheOnePassOnce() throws SQLException {
        DataSource ds = database.dataSource();
        List<String> modules = List.of("store", "audit");
        assertThat(Migrations.run(ds, modules, scripts())).as("as recorded after the runtime's start")
                .containsExactly(new Migrations.Applied("store", List.of(), false), new Migrations.Applied("audit", List.of(), false));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("update " + SchemaState.TABLE + " set fingerprint = 'changed' where module = 'audit'");
        }
        assertThat(Migrations.run(ds, modules, scripts())).as("audit's scripts differ from those recorded")
                .containsExactly(new Migrations.Applied("store", List.of(), true), new Migrations.Applied("audit", List.of(), true));
        assertThat(Migrations.run(ds, modules, scripts())).as("and were recorded again")
                .extracting(Migrations.Applied::checked).containsExactly(false, false);
        // a module's rows deleted from the history with the tables its scripts made: they are applied again
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table audit_entry");
            s.execute("delete from \"" + Migrations.HISTORY + "\" where \"script\" like '" + Migrations.ROOT + "audit/%'");
        }
        assertThat(Migrations.run(ds, modules, scripts()))
                .containsExactly(new Migrations.Applied("store", List.of(), true), new Migrations.Applied("audit", List.of("V1"), true));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from audit_entry")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void anAddedScriptIsAppliedAndTheFingerprintIsTheSameFromAFolderAsFromAJar(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path folder = tmp.resolve("classes");
        java.nio.file.Path store = folder.resolve(Migrations.ROOT + "store");
        java.nio.file.Files.createDirectories(store);
        for (String name : List.of("V1__create_shelf.sql", "V2__seed_shelf.sql")) {
            try (java.io.InputStream in = scripts().getResourceAsStream(Migrations.ROOT + "store/" + name)) {
                java.nio.file.Files.write(store.resolve(name), in.readAllBytes());
            }
        }
        java.nio.file.Path jar = tmp.resolve("store.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (String dir : List.of("META-INF/", "META-INF/bento/", Migrations.ROOT, Migrations.ROOT + "store/")) {
                out.putNextEntry(new java.util.jar.JarEntry(dir)); // folders have entries, as in the jars Maven makes
                out.closeEntry();
            }
            for (String name : List.of("V1__create_shelf.sql", "V2__seed_shelf.sql")) {
                out.putNextEntry(new java.util.jar.JarEntry(Migrations.ROOT + "store/" + name));
                out.write(java.nio.file.Files.readAllBytes(store.resolve(name)));
                out.closeEntry();
            }
        }
        try (java.net.URLClassLoader fromFolder = new java.net.URLClassLoader(new java.net.URL[] {folder.toUri().toURL()}, null);
             java.net.URLClassLoader fromJar = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            SchemaState.Scripts a = SchemaState.locate(List.of("store"), fromFolder, java.util.Map.of()).get(0);
            SchemaState.Scripts b = SchemaState.locate(List.of("store"), fromJar, java.util.Map.of()).get(0);
            SchemaState.Scripts c = SchemaState.locate(List.of("store"), scripts(), java.util.Map.of()).get(0);
            assertThat(a.fingerprint()).isPresent().isEqualTo(b.fingerprint()).isEqualTo(c.fingerprint());
            assertThat(Migrations.run(database.dataSource(), List.of("store"), fromFolder))
                    .containsExactly(new Migrations.Applied("store", List.of(), false));

            java.nio.file.Files.writeString(store.resolve("V3__shelf_note.sql"), "alter table shelf add column note varchar(40);\n");
            assertThat(SchemaState.locate(List.of("store"), fromFolder, java.util.Map.of()).get(0).fingerprint())
                    .isNotEqualTo(a.fingerprint());
            assertThat(Migrations.run(database.dataSource(), List.of("store"), fromFolder))
                    .containsExactly(new Migrations.Applied("store", List.of("V3"), true));
            assertThat(Migrations.run(database.dataSource(), List.of("store"), fromFolder))
                    .containsExactly(new Migrations.Applied("store", List.of(), false));
        }
    }

    @Test
    void aFolderOfScriptsBentoCannotListFailsTheMigrationInsteadOfLeavingTheTablesMissing(@org.junit.jupiter.api.io.TempDir
                                                                                            java.nio.file.Path tmp) throws Exception {
        // a module's folder that the class loader shows at a kind of location Bento cannot list
        String location = Migrations.ROOT + "ghost";
        java.net.URL elsewhere = new java.net.URL("memory", null, -1, "/bento.ghost/" + location, new java.net.URLStreamHandler() {
            @Override
            protected java.net.URLConnection openConnection(java.net.URL u) throws java.io.IOException {
                throw new java.io.IOException("no such store: " + u);
            }
        });
        // and one in a module of the run-time image (jrt:) that is not there to be read
        java.net.URL linked = new java.net.URL("jrt:/bento.ghost/" + location);
        for (java.net.URL root : List.of(elsewhere, linked)) {
            ClassLoader ghost = new ClassLoader(null) {
                @Override
                public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
                    return name.equals(location) ? java.util.Collections.enumeration(List.of(root)) : super.getResources(name);
                }
            };
            for (int start = 1; start <= 2; start++) { // nothing is recorded as up to date: the next start fails the same way
                org.assertj.core.api.AbstractThrowableAssert<?, ?> failure = assertThatThrownBy(() -> Migrations.run(
                        database.dataSource(), List.of("ghost"), ghost)).as("%s, start %d", root, start)
                        .isInstanceOf(Migrations.MigrationException.class)
                        .hasMessageContaining("module 'ghost'").hasMessageContaining(root.toString())
                        .hasMessageContaining("nothing was applied");
                if (root == elsewhere) {
                    failure.hasMessageContaining("could not be listed").hasMessageContaining("Fix: run the module from a jar");
                } else {
                    failure.hasMessageContaining("could not be read from the run-time image").hasMessageContaining("Fix:");
                }
            }
        }
        // an empty folder is not an error: there is nothing to apply
        java.nio.file.Files.createDirectories(tmp.resolve(Migrations.ROOT + "hollow"));
        try (java.net.URLClassLoader hollow = new java.net.URLClassLoader(new java.net.URL[] {tmp.toUri().toURL()}, null)) {
            assertThat(Migrations.run(database.dataSource(), List.of("hollow"), hollow)).as("a database kept from an earlier run"
                    + " may already have it recorded").extracting(Migrations.Applied::versions).containsExactly(List.of());
        }
    }

    @Test
    void theHealthCheckReportsLatency() throws Exception {
        Health health = runtime.container().get("database.health", HealthCheck.class).check();
        assertThat(health.status()).isIn(Health.Status.UP, Health.Status.DEGRADED);
        assertThat(health.details()).containsKeys("url", "latency_ms");
        assertThat(runtime.startupMetrics().database()).isPositive();
        assertThat(runtime.container().get("database.dataSource", DataSource.class)).isSameAs(database.dataSource());
    }

    /**
     * A module compiled here as its own JPMS module, in a folder: it needs the database and ships one
     * migration, {@code sql}, creating a table of its own.
     */
    private static java.nio.file.Path loadedModule(java.nio.file.Path dir, String name, String sql) throws Exception {
        java.nio.file.Path src = java.nio.file.Files.createDirectories(dir.resolve(name + "-src/dyn/prices"));
        java.nio.file.Path out = java.nio.file.Files.createDirectories(dir.resolve(name));
        java.nio.file.Files.writeString(src.resolveSibling("../module-info.java").normalize(), "module dyn.prices {"
                + " requires bento.runtime.api; provides com.bento.Module with dyn.prices.PricesModule; }");
        java.nio.file.Files.writeString(src.resolve("PricesModule.java"), "package dyn.prices;\n"
                + "@com.bento.Requires(\"store\")\n"
                + "public final class PricesModule implements com.bento.Module {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public boolean requiresDatabase() { return true; }\n"
                + "}\n");
        java.nio.file.Path scripts = java.nio.file.Files.createDirectories(out.resolve("META-INF/bento/migrations/" + name));
        java.nio.file.Files.writeString(scripts.resolve("V1__prices.sql"), sql);
        String javac = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        Process p = new ProcessBuilder(javac, "-d", out.toString(), "--release", "17", "--module-path",
                System.getProperty("jdk.module.path"), src.resolveSibling("../module-info.java").normalize().toString(),
                src.resolve("PricesModule.java").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return out;
    }

    @Test
    void aModuleLoadedWhileRunningGetsItsMigrationsBeforeItStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String name = "prices" + Long.toHexString(System.nanoTime());
        String priceTable = table + "_prices";
        java.nio.file.Path module = loadedModule(dir, name, "create table " + priceTable + " (sku varchar(20) primary key, cents int);\n"
                + "insert into " + priceTable + " values ('tea', 250);\n");
        try {
            runtime.dynamicModules().load(module);
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select cents from " + priceTable + " where sku = 'tea'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(250);
            }
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from \"" + Migrations.HISTORY + "\" where \"script\" = '"
                         + Migrations.ROOT + name + "/V1__prices.sql' and \"success\"")) {
                rs.next();
                assertThat(rs.getInt(1)).as("in the one history, as in a start").isEqualTo(1);
            }
            runtime.dynamicModules().unload(name);
        } finally {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table if exists " + priceTable);
                s.execute("delete from \"" + Migrations.HISTORY + "\" where \"script\" like '" + Migrations.ROOT + name + "/%'");
            }
        }
    }

    @Test
    void aLoadedModuleWhoseMigrationFailsIsNotStartedAndNamesItsScripts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String name = "broken" + Long.toHexString(System.nanoTime());
        java.nio.file.Path module = loadedModule(dir, name, "create tabel nonsense;\n");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.dynamicModules().load(module))
                    .isInstanceOf(com.bento.LifecycleException.class)
                    .hasMessageContaining("The migrations of module '" + name + "'")
                    .hasMessageContaining("META-INF/bento/migrations/" + name + "/");
            assertThat(runtime.dynamicModules().loaded()).isEmpty();
            assertThat(runtime.isStarted()).isTrue();
        } finally {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from \"" + Migrations.HISTORY + "\" where \"script\" like '" + Migrations.ROOT + name + "/%'");
            }
        }
    }

    /** Writes each module's scripts (file name to SQL) into a folder of its own; a class loader that sees them all. */
    private static java.net.URLClassLoader folders(java.nio.file.Path tmp, java.util.Map<String, java.util.Map<String, String>> modules)
            throws Exception {
        java.nio.file.Path root = tmp.resolve("scripts-" + System.nanoTime());
        for (var module : modules.entrySet()) {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(root.resolve(Migrations.ROOT + module.getKey()));
            for (var file : module.getValue().entrySet()) {
                java.nio.file.Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        }
        return new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, null);
    }

    /** The one history's rows of these modules, as "module-script history-version", in installed order. */
    private List<String> historyOf(String... modules) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select \"script\", \"version\" from \"" + Migrations.HISTORY
                     + "\" order by \"installed_rank\"")) {
            while (rs.next()) {
                for (String module : modules) {
                    if (rs.getString(1).startsWith(Migrations.ROOT + module + "/")) {
                        rows.add(rs.getString(1).substring(Migrations.ROOT.length()) + " " + rs.getString(2));
                    }
                }
            }
        }
        return rows;
    }

    private int rows(String table) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void forget(List<String> tables, String... modules) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : tables) {
                s.execute("drop table if exists " + t);
            }
            for (String module : modules) {
                s.execute("delete from \"" + Migrations.HISTORY + "\" where \"script\" like '" + Migrations.ROOT + module + "/%'");
                s.execute("delete from " + SchemaState.TABLE + " where module = '" + module + "'");
            }
        }
    }

    @Test
    void aModuleAddedToADatabaseInUseRunsItsScriptsBeforeThePendingOnesOfTheModulesThatRequireIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String base = "base" + Long.toHexString(System.nanoTime());
        String top = "top" + Long.toHexString(System.nanoTime());
        String baseTable = table + "_base";
        String topTable = table + "_top";
        String topV1 = "create table " + topTable + " (id int primary key, label varchar(20));\n";
        DataSource ds = database.dataSource();
        try {
            try (java.net.URLClassLoader first = folders(tmp, java.util.Map.of(top, java.util.Map.of("V1__top.sql", topV1)))) {
                assertThat(Migrations.run(ds, List.of(top), first)).containsExactly(new Migrations.Applied(top, List.of("V1"), true));
            }
            // the next release adds the module top now requires, and a script of top that reads base's table
            try (java.net.URLClassLoader second = folders(tmp, java.util.Map.of(
                    base, java.util.Map.of("V1__base.sql", "create table " + baseTable + " (id int primary key, label varchar(20));\n"
                            + "insert into " + baseTable + " values (1, 'from base');\n"),
                    top, java.util.Map.of("V1__top.sql", topV1,
                            "V2__copy_base.sql", "insert into " + topTable + " select id, label from " + baseTable + ";\n")))) {
                assertThat(Migrations.run(ds, List.of(base, top), second)).containsExactly(
                        new Migrations.Applied(base, List.of("V1"), true), new Migrations.Applied(top, List.of("V2"), true));
                assertThat(Migrations.run(ds, List.of(base, top), second)).extracting(Migrations.Applied::checked)
                        .as("then up to date").containsExactly(false, false);
            }
            List<String> history = historyOf(base, top);
            assertThat(history).extracting(row -> row.substring(0, row.indexOf(' '))).containsExactly(
                    top + "/V1__top.sql", base + "/V1__base.sql", top + "/V2__copy_base.sql");
            long[] versions = history.stream().mapToLong(row -> Long.parseLong(row.substring(row.indexOf(' ') + 1))).toArray();
            assertThat(versions).as("history versions, given in the order applied").isSorted().doesNotHaveDuplicates();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select label from " + topTable)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("from base");
            }
        } finally {
            forget(List.of(topTable, baseTable), base, top);
        }
    }

    @Test
    void aMissingAppliedScriptAnOlderPendingOneABadNameOrAFailingScriptNamesTheModuleAndAppliesNothingAfterIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String name = "shelf" + Long.toHexString(System.nanoTime());
        String t = table + "_shelf";
        DataSource ds = database.dataSource();
        java.util.Map<String, String> applied = java.util.Map.of("V1__a.sql", "create table " + t + " (id int primary key);\n",
                "V3__c.sql", "insert into " + t + " values (3);\n");
        try {
            try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, applied))) {
                assertThat(Migrations.run(ds, List.of(name), loader)).singleElement()
                        .satisfies(a -> assertThat(a.versions()).containsExactly("V1", "V3"));
            }
            java.util.Map<String, java.util.Map<String, String>> cases = java.util.Map.of(
                    "gone", java.util.Map.of("V1__a.sql", applied.get("V1__a.sql")),
                    "older", java.util.Map.of("V1__a.sql", applied.get("V1__a.sql"), "V2__b.sql", "insert into " + t + " values (2);\n",
                            "V3__c.sql", applied.get("V3__c.sql")),
                    "badName", java.util.Map.of("V1__a.sql", applied.get("V1__a.sql"), "V3__c.sql", applied.get("V3__c.sql"),
                            "V4-d.sql", "insert into " + t + " values (4);\n"));
            java.util.Map<String, List<String>> expected = java.util.Map.of(
                    "gone", List.of("version 3 (META-INF/bento/migrations/" + name + "/V3__c.sql) is in " + Migrations.HISTORY,
                            "Fix: put the script back"),
                    "older", List.of("V2__b.sql is pending but older than version 3", "Fix: give it a version above 3"),
                    "badName", List.of("V4-d.sql is neither a versioned script", "Fix: rename it"));
            for (var c : cases.entrySet()) {
                try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, c.getValue()))) {
                    var failure = assertThatThrownBy(() -> Migrations.run(ds, List.of(name), loader)).as(c.getKey())
                            .isInstanceOf(Migrations.MigrationException.class).hasMessageContaining("module '" + name + "'");
                    expected.get(c.getKey()).forEach(failure::hasMessageContaining);
                }
            }
            // a failing script: the module and its file are named, and the script after it is not run
            try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, java.util.Map.of(
                    "V1__a.sql", applied.get("V1__a.sql"), "V3__c.sql", applied.get("V3__c.sql"),
                    "V4__d.sql", "insert into " + t + " values ('not a number');\n", "V5__e.sql", "insert into " + t + " values (5);\n")))) {
                assertThatThrownBy(() -> Migrations.run(ds, List.of(name), loader)).isInstanceOf(Migrations.MigrationException.class)
                        .hasMessageContaining("Migrations of module '" + name + "' failed")
                        .hasMessageContaining("META-INF/bento/migrations/" + name + "/V4__d.sql");
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id from " + t + " order by id")) {
                List<Integer> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
                assertThat(ids).as("nothing of the refused starts, nor the script after the failed one").containsExactly(3);
            }
        } finally {
            forget(List.of(t), name);
        }
    }

    @Test
    void theHistoriesOfAnEarlierBentoOneFlywayTablePerModuleAreCopiedSoNothingIsAppliedTwice(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String name = "old" + Long.toHexString(System.nanoTime());
        String t = table + "_old";
        DataSource ds = database.dataSource();
        java.util.Map<String, String> scripts = java.util.Map.of(
                "V1__create.sql", "create table " + t + " (id int primary key);\n",
                "V2__seed.sql", "insert into " + t + " values (1);\n");
        try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, scripts))) {
            // what an earlier Bento did: one Flyway history per module, next to the module's tables
            org.flywaydb.core.Flyway.configure(loader).dataSource(ds).locations("classpath:" + Migrations.ROOT + name)
                    .table(Migrations.legacyHistoryTable(name)).baselineOnMigrate(true).baselineVersion("0").load().migrate();
            try (java.net.URLClassLoader next = folders(tmp, java.util.Map.of(name, java.util.Map.of(
                    "V1__create.sql", scripts.get("V1__create.sql"), "V2__seed.sql", scripts.get("V2__seed.sql"),
                    "V3__more.sql", "insert into " + t + " values (3);\n")))) {
                assertThat(Migrations.run(ds, List.of(name), next)).as("only the new script runs")
                        .containsExactly(new Migrations.Applied(name, List.of("V3"), true));
            }
            assertThat(historyOf(name)).extracting(row -> row.substring(0, row.indexOf(' '))).containsExactly(
                    name + "/V1__create.sql", name + "/V2__seed.sql", name + "/V3__more.sql");
            assertThat(rows(t)).isEqualTo(2);
        } finally {
            forget(List.of(t, "\"" + Migrations.legacyHistoryTable(name) + "\""), name);
        }
    }

    @Test
    void aRepeatableScriptRunsAfterTheVersionedOnesAndAgainWhenItChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        String name = "views" + Long.toHexString(System.nanoTime());
        String t = table + "_views";
        String view = table + "_cheap";
        DataSource ds = database.dataSource();
        java.util.function.IntFunction<java.util.Map<String, String>> scripts = limit -> java.util.Map.of(
                "V1__items.sql", "create table " + t + " (id int primary key, cents int);\n"
                        + "insert into " + t + " values (1, 100), (2, 900);\n",
                "R__cheap_items.sql", "drop view if exists " + view + ";\n"
                        + "create view " + view + " as select id from " + t + " where cents < " + limit + ";\n");
        try {
            try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, scripts.apply(500)))) {
                assertThat(Migrations.run(ds, List.of(name), loader)).singleElement().satisfies(a ->
                        assertThat(a.versions()).containsExactly("V1", "repeatable 'cheap items'"));
            }
            try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, scripts.apply(1000)))) {
                assertThat(Migrations.run(ds, List.of(name), loader)).as("changed: run again").singleElement().satisfies(a ->
                        assertThat(a.versions()).containsExactly("repeatable 'cheap items'"));
            }
            assertThat(rows(view)).isEqualTo(2);
            assertThat(historyOf(name)).extracting(row -> row.substring(0, row.indexOf(' '))).containsExactly(
                    name + "/V1__items.sql", name + "/R__cheap_items.sql", name + "/R__cheap_items.sql");
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop view if exists " + view);
            }
            forget(List.of(t), name);
        }
    }

    @Test
    void twoInstancesMigratingAtOnceApplyEachScriptOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String name = "twin" + Long.toHexString(System.nanoTime());
        String t = table + "_twin";
        DataSource ds = database.dataSource();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (java.net.URLClassLoader loader = folders(tmp, java.util.Map.of(name, java.util.Map.of(
                "V1__create.sql", "create table " + t + " (id int primary key);\n",
                "V2__seed.sql", "insert into " + t + " values (1);\n")))) {
            List<java.util.concurrent.Future<List<Migrations.Applied>>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(threads.submit(() -> {
                    together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return Migrations.run(ds, List.of(name), loader);
                }));
            }
            List<String> applied = new ArrayList<>();
            for (var run : runs) {
                applied.addAll(run.get(60, java.util.concurrent.TimeUnit.SECONDS).get(0).versions());
            }
            // Flyway holds its lock per script on some databases (H2), so the two may share the work; neither fails
            assertThat(applied).as("what the two applied, together").containsExactlyInAnyOrder("V1", "V2");
            assertThat(historyOf(name)).hasSize(2);
            assertThat(rows(t)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
            forget(List.of(t), name);
        }
    }
}
