/**
 * Bento's database phase. When a module {@linkplain com.bento.Module#requiresDatabase() requires a
 * database}, it opens a HikariCP pool from the application's settings (embedded H2 when none is
 * given), puts a {@link com.bento.data.Database} and its {@link javax.sql.DataSource} in the
 * container, runs every module's Flyway migrations in one pass with one history (modules in module
 * order, each module's scripts in its version order), and closes the pool after the modules stopped.
 *
 * @provides com.bento.spi.DatabasePhase the database phase
 * @uses com.bento.spi.DeadlineSource the time budget a unit of work may not outlast (a request's)
 */
module bento.runtime.data {
    requires transitive bento.runtime.api;
    requires transitive java.sql;
    requires static transitive org.jspecify;
    requires com.zaxxer.hikari;
    // flyway-core 10 carries no Automatic-Module-Name: this is the name its file name gives it
    requires flyway.core;

    exports com.bento.data;

    provides com.bento.spi.DatabasePhase with com.bento.data.DataPhase;
    uses com.bento.spi.DeadlineSource;
}
