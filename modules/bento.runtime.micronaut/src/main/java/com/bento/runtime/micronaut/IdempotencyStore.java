package com.bento.runtime.micronaut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The stored requests and responses of idempotency keys, in the table {@code bento_idempotency}: a row is
 * {@code RUNNING} from the first request's claim until its response is stored ({@code DONE}), in the
 * handler's own transaction. Plain JDBC that H2 and PostgreSQL both run.
 */
final class IdempotencyStore {
    /** What a key holds. */
    record Row(String fingerprint, boolean done, int status, String body, Instant created) {
    }

    private static final String DUPLICATE = "23505"; // unique_violation, the same code in PostgreSQL and H2

    private final DataSource dataSource;
    private final Object purgeLock = new Object();
    private volatile long nextPurge;

    IdempotencyStore(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists bento_idempotency (idem_key varchar(255) not null,"
                    + " scope varchar(600) not null, fingerprint varchar(64) not null, state varchar(8) not null,"
                    + " status integer, body varchar(1000000), created_at timestamp not null,"
                    + " primary key (idem_key, scope))");
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotency table bento_idempotency could not be created: "
                    + e.getMessage() + ". Let the application's database user create tables, or create it yourself", e);
        }
    }

    /** Claims the key for this request; empty when it was free (or stale), else what it holds. */
    Optional<Row> claim(String key, String scope, String fingerprint, Duration lockTimeout) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement("insert into bento_idempotency (idem_key, scope, fingerprint,"
                    + " state, created_at) values (?, ?, ?, 'RUNNING', ?)")) {
                p.setString(1, key);
                p.setString(2, scope);
                p.setString(3, fingerprint);
                p.setTimestamp(4, Timestamp.from(Instant.now()));
                p.executeUpdate();
                return Optional.empty();
            } catch (SQLException e) {
                if (!DUPLICATE.equals(e.getSQLState())) {
                    throw e;
                }
            }
            Row row = read(c, key, scope).orElse(null);
            if (row == null) {
                return claim(key, scope, fingerprint, lockTimeout); // freed between the insert and the read
            }
            if (!row.done() && row.fingerprint().equals(fingerprint)
                    && row.created().plus(lockTimeout).isBefore(Instant.now()) && takeOver(c, key, scope, row.created())) {
                return Optional.empty(); // the instance that claimed it is gone: run it here
            }
            return Optional.of(row);
        }
    }

    private static boolean takeOver(Connection c, String key, String scope, Instant created) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("update bento_idempotency set created_at = ? where idem_key = ?"
                + " and scope = ? and state = 'RUNNING' and created_at = ?")) {
            p.setTimestamp(1, Timestamp.from(Instant.now()));
            p.setString(2, key);
            p.setString(3, scope);
            p.setTimestamp(4, Timestamp.from(created));
            return p.executeUpdate() == 1;
        }
    }

    private static Optional<Row> read(Connection c, String key, String scope) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select fingerprint, state, status, body, created_at from"
                + " bento_idempotency where idem_key = ? and scope = ?")) {
            p.setString(1, key);
            p.setString(2, scope);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new Row(rs.getString(1), "DONE".equals(rs.getString(2)), rs.getInt(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant())) : Optional.empty();
            }
        }
    }

    /** Stores the response on the given connection: the handler's transaction, or one of its own. */
    static void complete(Connection c, String key, String scope, int status, String body) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("update bento_idempotency set state = 'DONE', status = ?, body = ?"
                + " where idem_key = ? and scope = ?")) {
            p.setInt(1, status);
            p.setString(2, body);
            p.setString(3, key);
            p.setString(4, scope);
            p.executeUpdate();
        }
    }

    /** Stores a response outside the handler's transaction (which rolled back). */
    void completeAlone(String key, String scope, int status, String body) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            complete(c, key, scope, status, body);
        }
    }

    /** Frees the key, so that a retry runs the handler again. */
    void release(String key, String scope) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "delete from bento_idempotency where idem_key = ? and scope = ? and state = 'RUNNING'")) {
            c.setAutoCommit(true);
            p.setString(1, key);
            p.setString(2, scope);
            p.executeUpdate();
        }
    }

    /** Deletes keys older than the retention, at most every ten minutes. */
    void purge(Duration retention) throws SQLException {
        long now = System.nanoTime();
        if (now - nextPurge < 0) {
            return;
        }
        synchronized (purgeLock) {
            if (now - nextPurge < 0) {
                return;
            }
            nextPurge = now + Duration.ofMinutes(10).toNanos();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "delete from bento_idempotency where created_at < ?")) {
            c.setAutoCommit(true);
            p.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
            p.executeUpdate();
        }
    }
}
