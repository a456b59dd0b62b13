package com.bento.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement the bus runs on {@code bento_outbox} (and the consumers' {@code bento_processed_event}),
 * and what differs between databases: whether {@code FOR UPDATE SKIP LOCKED} is understood (H2 before
 * 2.2 does not; PostgreSQL, MariaDB 10.6+ and MySQL 8 do), found once per store on first use. The bus
 * decides what to deliver and what a failure means; this class only reads and writes rows, on the
 * connection it is given, in the caller's transaction.
 */
final class OutboxStore {

    /** A locked outbox row. */
    record Row(long seq, Event event, String destination, int attempts, long nextAttemptAt) {
    }

    /** Whether this database supports FOR UPDATE SKIP LOCKED; found on first use. */
    private volatile Boolean skipLocked;

    /** Stores one row per destination of an event, pending and due now. */
    void insert(Connection c, Event e, List<String> destinations, long now) throws SQLException {
        String json = EventCodec.toJson(e.payload());
        try (PreparedStatement p = c.prepareStatement("insert into bento_outbox (event_id, event_type, topic, aggregate_id,"
                + " payload, occurred_at, destination, status, attempts, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
            for (String d : destinations) {
                p.setString(1, e.id());
                p.setString(2, e.type());
                p.setString(3, e.topic());
                p.setString(4, e.aggregateId());
                p.setString(5, json);
                p.setLong(6, e.occurredAt().toEpochMilli());
                p.setString(7, d);
                p.setLong(8, now);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Locks what this transaction delivers: the head (oldest pending row) of each destination and
     * aggregate that is due and that no other relay holds, and, when the heads fill at most half
     * the batch, the pending rows behind them, so that a busy aggregate drains a batch per
     * transaction rather than one row. Another relay never holds a row behind a head this one holds: it could
     * only have locked it as a head, and it is not one while the head is pending.
     *
     * <p>Heads are found with a correlated min() rather than NOT EXISTS because PostgreSQL then
     * probes bento_outbox_order per row even before the table has statistics (a burst into a new
     * outbox ran the anti-join as a quadratic nested loop: 590 ms against 19 ms for 5,000 rows).
     *
     * @return the rows in seq order
     */
    List<Row> lock(Connection c, long now, int batchSize) throws SQLException {
        String select = "select " + ROW_COLUMNS + " from bento_outbox o where status = 'PENDING' and next_attempt_at <= ? and o.seq = (select min(p.seq) from bento_outbox p"
                + " where p.destination = o.destination and p.aggregate_id = o.aggregate_id and p.status = 'PENDING')"
                + " order by seq limit ? for update";
        if (skipLocked == null) {
            skipLocked = !c.getMetaData().getDatabaseProductName().equalsIgnoreCase("H2") || h2SkipsLocked(c);
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(skipLocked ? select + " skip locked" : select)) {
            p.setLong(1, now);
            p.setInt(2, batchSize);
            read(p, rows);
        }
        int room = batchSize - rows.size();
        if (rows.isEmpty() || room < rows.size()) {
            // the second statement (one range per head; PostgreSQL plans 99 of them in ~14 ms) pays
            // only when it can at least double the batch: few aggregates, each with a backlog
            return rows;
        }
        // one range of the (destination, aggregate_id, status, seq) index per head, in one statement; a
        // join of the heads with the table was planned, on a fresh outbox without statistics, as a
        // nested loop over every pending row twice (1.9 s for 500 rows over 10 aggregates)
        StringBuilder ranges = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            ranges.append(i == 0 ? "" : " union all ").append("(select seq from bento_outbox where destination = ? and"
                    + " aggregate_id = ? and status = 'PENDING' and seq > ? order by seq fetch first ? rows only)");
        }
        String followers = "select " + ROW_COLUMNS + " from bento_outbox where seq in (select seq from (" + ranges + ") behind)"
                + " order by seq fetch first ? rows only for update";
        try (PreparedStatement p = c.prepareStatement(followers)) {
            int i = 1;
            for (Row head : rows) {
                p.setString(i++, head.destination());
                p.setString(i++, head.event().aggregateId());
                p.setLong(i++, head.seq());
                p.setInt(i++, room);
            }
            p.setInt(i, room);
            read(p, rows);
        }
        rows.sort(java.util.Comparator.comparingLong(Row::seq));
        return rows;
    }

    /** What {@link #read} reads, in its order. */
    private static final String ROW_COLUMNS = "seq, event_id, event_type, topic, aggregate_id, payload, occurred_at, destination,"
            + " attempts, next_attempt_at";

    private static void read(PreparedStatement p, List<Row> into) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Event e = new Event(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        EventCodec.fromJson(rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7)));
                into.add(new Row(rs.getLong(1), e, rs.getString(8), rs.getInt(9), rs.getLong(10)));
            }
        }
    }

    private static boolean h2SkipsLocked(Connection c) {
        try (PreparedStatement p = c.prepareStatement("select 1 from bento_outbox where 1 = 0 for update skip locked")) {
            p.executeQuery().close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Marks the delivered rows done, in one batch, in the transaction that locked them. */
    void markDone(Connection c, List<Long> seqs, long now) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(
                "update bento_outbox set status = 'DONE', attempts = attempts + 1, finished_at = ?, last_error = null where seq = ?")) {
            for (long seq : seqs) {
                p.setLong(1, now);
                p.setLong(2, seq);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** A failed delivery's last attempt: the row is parked as a dead letter. */
    void markDead(Connection c, long seq, int attempts, String error, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "update bento_outbox set status = 'DEAD', attempts = ?, last_error = ?, finished_at = ? where seq = ?")) {
            p.setInt(1, attempts);
            p.setString(2, error);
            p.setLong(3, now);
            p.setLong(4, seq);
            p.executeUpdate();
        }
    }

    /** A failed delivery to try again at {@code retryAt}. */
    void markRetry(Connection c, long seq, int attempts, String error, long retryAt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "update bento_outbox set attempts = ?, last_error = ?, next_attempt_at = ? where seq = ?")) {
            p.setInt(1, attempts);
            p.setString(2, error);
            p.setLong(3, retryAt);
            p.setLong(4, seq);
            p.executeUpdate();
        }
    }

    /** Deletes delivered rows finished before {@code doneBefore} and consumers' records older than {@code processedBefore}. */
    int purge(Connection c, long doneBefore, long processedBefore) throws SQLException {
        int deleted;
        try (PreparedStatement p = c.prepareStatement("delete from bento_outbox where status = 'DONE' and finished_at < ?")) {
            p.setLong(1, doneBefore);
            deleted = p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("delete from bento_processed_event where processed_at < ?")) {
            p.setLong(1, processedBefore);
            deleted += p.executeUpdate();
        }
        return deleted;
    }

    List<DeadLetter> deadLetters(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select seq, event_id, event_type, aggregate_id, destination, attempts,"
                + " last_error, finished_at from bento_outbox where status = 'DEAD' order by seq");
             ResultSet rs = p.executeQuery()) {
            List<DeadLetter> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8))));
            }
            return List.copyOf(out);
        }
    }

    /** @return whether a dead letter of that delivery id was made pending again, due at {@code now} */
    boolean replay(Connection c, long seq, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("update bento_outbox set status = 'PENDING', attempts = 0,"
                + " next_attempt_at = ?, last_error = null, finished_at = null where seq = ? and status = 'DEAD'")) {
            p.setLong(1, now);
            p.setLong(2, seq);
            return p.executeUpdate() > 0;
        }
    }
}
