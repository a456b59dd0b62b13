package com.bento.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.LifecycleException;
import com.bento.runtime.BentoRuntime;
import com.bento.testsupport.RequiresServer;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite on the real PostgreSQL server at 127.0.0.1:5432 (database test, trust auth). Skipped,
 * with the reason, when the server does not answer, except under CI=true, where that fails.
 */
@RequiresServer(name = "PostgreSQL", port = 5432)
class PostgresUnitOfWorkTest extends UnitOfWorkContract {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    @BeforeAll
    static void cleanDatabase() {
        try {
            dropMigrated(); // left by an interrupted earlier run
        } catch (Exception e) {
            throw new AssertionError("could not clean the test database", e);
        }
    }

    @Override
    protected BentoRuntime build() {
        return BentoRuntime.builder().withConfig("pg-" + table.replace('_', '-'), "test").withListenerDiscovery(false)
                .withDatabase(URL, USER, "").withModules(new Audit(), new Store()).build();
    }

    /** PostgreSQL keeps what the migrations made between tests; each test leaves none of it. */
    @org.junit.jupiter.api.AfterEach
    void dropMigratedAfter() throws Exception {
        dropMigrated();
    }

    static void dropMigrated() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("drop table if exists audit_entry, shelf, bento_schema_store, bento_schema_audit, " + Migrations.HISTORY + ", "
                    + SchemaState.TABLE);
        }
    }

    private static int connectionsOf(String application) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where application_name = '" + application + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void thePoolIsClosedAtShutdownLeavingNoConnections() throws Exception {
        String application = "bento-" + runtime.serviceName();
        assertThat(connectionsOf(application)).as("the pool holds connections while running").isPositive();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table " + table);
        }
        runtime.close();
        assertThat(connectionsOf(application)).as("connections left in pg_stat_activity").isZero();
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithinTheBoundNamingTheModulesAndTheMaskedUrl() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/test?password=hunter2";
        System.setProperty("bento.database.connect-timeout", "2");
        long begin = System.nanoTime();
        try {
            assertThatThrownBy(() -> BentoRuntime.builder().withConfig("down", "test").withListenerDiscovery(false)
                    .withDatabase(url, USER, "hunter2").withModules(new Store()).build())
                    .isInstanceOf(LifecycleException.class)
                    .hasMessageStartingWith("The database could not be set up for module(s) store (com.bento.data.DataPhase):"
                            + " com.bento.data.DataPhase$DatabaseUnavailableException: Database jdbc:postgresql://127.0.0.1:"
                            + closed + "/test?password=****** (from RuntimeBuilder.withDatabase, user 'postgres') could not"
                            + " be reached within 2 s: ")
                    .hasMessageEndingWith(". Check the database settings and that the database answers.")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        } finally {
            System.clearProperty("bento.database.connect-timeout");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    }
}
