package com.bento.events;

import com.bento.ServiceKey;
import com.bento.data.Database;
import com.bento.data.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Applies an event at most once per consumer, although it may be delivered more than once: the
 * event's id is recorded in {@code bento_processed_event} in the same transaction as the consumer's
 * own writes, so either both are kept or neither. In the container under {@code events.idempotency}.
 *
 * <pre>{@code
 * bus.subscribe("stock.reserve", OrderPlaced.class, (e, envelope) ->
 *     idempotency.handleOnce("stock.reserve", envelope.id(), c -> reserve(c, e.sku(), e.quantity())));
 * }</pre>
 */
public final class IdempotentConsumer {

    /** The consumer-side deduplication the events module registers. */
    public static final ServiceKey<IdempotentConsumer> KEY = ServiceKey.of("events.idempotency", IdempotentConsumer.class);
    private final Supplier<Database> database;
    private final Clock clock;

    IdempotentConsumer(Supplier<Database> database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Runs the work in a unit of work unless this consumer already applied this event.
     *
     * @param consumer the consumer's stable name
     * @param eventId the event's id ({@link Event#id()})
     * @param work the consumer's writes, on the transaction's connection
     * @return true when the work ran and committed; false when the event had been applied before
     */
    public boolean handleOnce(String consumer, String eventId, UnitOfWork.VoidWork work) {
        UnitOfWork uow = database.get().unitOfWork();
        return uow.call(c -> {
            if (!record(c, consumer, eventId)) {
                return false;
            }
            work.run(c);
            return true;
        });
    }

    /**
     * @param consumer the consumer's name
     * @param eventId the event's id
     * @return whether this consumer applied this event
     */
    public boolean processed(String consumer, String eventId) {
        return database.get().unitOfWork().call(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select 1 from bento_processed_event where consumer = ? and event_id = ?")) {
                p.setString(1, consumer);
                p.setString(2, eventId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Inserts the marker under a savepoint: a duplicate rolls back to it, leaving the transaction usable. */
    private boolean record(Connection c, String consumer, String eventId) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement p = c.prepareStatement(
                "insert into bento_processed_event (consumer, event_id, processed_at) values (?, ?, ?)")) {
            p.setString(1, consumer);
            p.setString(2, eventId);
            p.setLong(3, clock.millis());
            p.executeUpdate();
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) { // integrity constraint: seen before
                c.rollback(before);
                return false;
            }
            throw e;
        }
    }
}
