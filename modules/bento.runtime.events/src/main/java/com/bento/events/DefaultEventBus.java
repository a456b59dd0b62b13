package com.bento.events;

import com.bento.contracts.ContractException;
import com.bento.contracts.Contracts;
import com.bento.data.Database;
import java.lang.invoke.MethodHandles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** The outbox-backed event bus: see {@link EventBus}. */
final class DefaultEventBus implements EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    static final String HANDLER = "handler:";
    static final String PUBLISHER = "publisher:";

    /** A locked outbox row. */
    private record Row(long seq, Event event, String destination, int attempts, long nextAttemptAt) {
    }

    private final EventSettings settings;
    private final Supplier<Database> database;
    private final Supplier<Optional<Contracts>> contracts;
    private final Clock clock;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Map<String, ExternalPublisher> publishers = new ConcurrentHashMap<>();
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();
    /** Whether this database supports FOR UPDATE SKIP LOCKED; found on first use. */
    private volatile Boolean skipLocked;

    DefaultEventBus(EventSettings settings, Supplier<Database> database, Supplier<Optional<Contracts>> contracts, Clock clock) {
        this.settings = settings;
        this.database = database;
        this.contracts = contracts;
        this.clock = clock;
    }

    EventSettings settings() {
        return settings;
    }

    void addPublisher(ExternalPublisher publisher) {
        ExternalPublisher before = publishers.putIfAbsent(publisher.name(), publisher);
        if (before != null) {
            throw new EventException("Two external publishers are named '" + publisher.name() + "' (" + before.getClass().getName()
                    + " and " + publisher.getClass().getName() + "); keep one, or give them different names");
        }
    }

    Map<String, ExternalPublisher> publishers() {
        return publishers;
    }

    /** @param waker called after a commit that stored events, so that the relay delivers at once */
    void onStored(Runnable waker) {
        wakers.add(waker);
    }

    // ---------------------------------------------------------------- publishing

    @Override
    public Event publish(DomainEvent event) {
        java.util.Objects.requireNonNull(event, "event");
        String type = EventCodec.typeName(event.getClass());
        String aggregate = event.aggregateId();
        if (aggregate == null || aggregate.isBlank()) {
            throw new EventException("Event " + type + " has no aggregate id; aggregateId() must return the id of the aggregate"
                    + " it belongs to (its events are delivered in order)");
        }
        Map<String, Object> payload = EventCodec.toPayload(event);
        String topic = type;
        Optional<Contracts> loaded = contracts.get();
        if (loaded.isPresent()) {
            try {
                topic = loaded.get().routing().topicFor(type);
            } catch (ContractException e) {
                throw new EventException("Event " + type + " cannot be published: the contracts have no route for it ("
                        + e.getMessage() + "). Add a route with event_type: " + type + " to the contracts' routing/*.yaml", e);
            }
            loaded.get().schemas().validate(type, payload);
        }
        Event envelope = new Event(UUID.randomUUID().toString(), type, topic, aggregate, payload, clock.instant().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
        List<String> destinations = new ArrayList<>();
        subscriptions.addHandlers(type, HANDLER, destinations);
        publishers.keySet().stream().sorted().forEach(p -> destinations.add(PUBLISHER + p));
        if (destinations.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Event " + envelope.id() + " (" + type + ") has no subscriber and no publisher");
            return envelope;
        }
        Database db = database.get();
        db.unitOfWork().run(c -> {
            insert(c, envelope, destinations);
            db.unitOfWork().afterCommit(this::wake);
        });
        return envelope;
    }

    private void insert(Connection c, Event e, List<String> destinations) throws SQLException {
        String json = EventCodec.toJson(e.payload());
        long now = clock.millis();
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

    private void wake() {
        wakers.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------- subscribing (see Subscriptions)

    @Override
    public <E extends DomainEvent> void subscribe(String name, Class<E> type, EventHandler<? super E> handler) {
        subscriptions.subscribe(name, type, handler);
    }

    @Override
    public void subscribe(String name, String eventType, EventHandler<Event> handler) {
        subscriptions.subscribe(name, eventType, handler);
    }

    @Override
    public void register(Object listener) {
        subscriptions.register(listener, null);
    }

    @Override
    public void register(Object listener, MethodHandles.Lookup lookup) {
        subscriptions.register(listener, lookup);
    }

    // ---------------------------------------------------------------- the relay

    @Override
    public int deliverDue() {
        int delivered = 0;
        while (true) {
            int[] batch = relayOnce();
            delivered += batch[1];
            if (batch[0] == 0) {
                return delivered;
            }
        }
    }

    /**
     * Locks the due rows (see {@link #lock}), delivers them in order and records the outcome, in one
     * transaction.
     *
     * @return {rows locked, deliveries that succeeded}
     */
    int[] relayOnce() {
        Database db = database.get();
        try (Connection c = db.dataSource().getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<Row> rows = lock(c);
                List<Long> done = new ArrayList<>(rows.size());
                java.util.Set<String> stopped = new java.util.HashSet<>();
                long now = clock.millis();
                for (Row row : rows) { // in seq order: each aggregate's head before the rows behind it
                    String group = row.destination() + '\n' + row.event().aggregateId();
                    if (row.nextAttemptAt() > now) {
                        stopped.add(group); // it waits for its retry (a dead letter was replayed ahead of it)
                    }
                    if (stopped.contains(group)) {
                        continue; // the rest of the aggregate waits behind it, untouched
                    }
                    if (deliver(c, row)) {
                        done.add(row.seq());
                    } else {
                        stopped.add(group);
                    }
                }
                markDone(c, done);
                c.commit();
                return new int[] {rows.size(), done.size()};
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new EventException("The event relay could not read the outbox: " + e.getMessage()
                    + ". It retries on its next poll; check that the database answers.", e);
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
    private List<Row> lock(Connection c) throws SQLException {
        String select = "select " + ROW_COLUMNS + " from bento_outbox o where status = 'PENDING' and next_attempt_at <= ? and o.seq = (select min(p.seq) from bento_outbox p"
                + " where p.destination = o.destination and p.aggregate_id = o.aggregate_id and p.status = 'PENDING')"
                + " order by seq limit ? for update";
        if (skipLocked == null) {
            skipLocked = !c.getMetaData().getDatabaseProductName().equalsIgnoreCase("H2") || h2SkipsLocked(c);
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(skipLocked ? select + " skip locked" : select)) {
            p.setLong(1, clock.millis());
            p.setInt(2, settings.batchSize());
            read(p, rows);
        }
        int room = settings.batchSize() - rows.size();
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
    private void markDone(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(
                "update bento_outbox set status = 'DONE', attempts = attempts + 1, finished_at = ?, last_error = null where seq = ?")) {
            long now = clock.millis();
            for (long seq : seqs) {
                p.setLong(1, now);
                p.setLong(2, seq);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** @return whether the delivery succeeded; a failure is recorded (retry or dead letter) at once */
    private boolean deliver(Connection c, Row row) throws SQLException {
        Throwable failure;
        try {
            dispatch(row);
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            failure = t;
        }
        int attempt = row.attempts() + 1;
        String error = describe(failure);
        if (attempt >= settings.maxAttempts()) {
            LOG.log(System.Logger.Level.ERROR, "Event " + row.event().id() + " (" + row.event().type() + ", aggregate "
                    + row.event().aggregateId() + ") to " + row.destination() + " failed " + attempt + " times and is parked as"
                    + " a dead letter (delivery " + row.seq() + "; replay it with EventBus.replay): " + error, failure);
            try (PreparedStatement p = c.prepareStatement(
                    "update bento_outbox set status = 'DEAD', attempts = ?, last_error = ?, finished_at = ? where seq = ?")) {
                p.setInt(1, attempt);
                p.setString(2, error);
                p.setLong(3, clock.millis());
                p.setLong(4, row.seq());
                p.executeUpdate();
            }
        } else {
            Duration wait = backoff(attempt);
            LOG.log(System.Logger.Level.WARNING, "Event " + row.event().id() + " (" + row.event().type() + ") to "
                    + row.destination() + " failed (attempt " + attempt + " of " + settings.maxAttempts() + "), retrying in "
                    + wait.toMillis() + " ms: " + error);
            try (PreparedStatement p = c.prepareStatement(
                    "update bento_outbox set attempts = ?, last_error = ?, next_attempt_at = ? where seq = ?")) {
                p.setInt(1, attempt);
                p.setString(2, error);
                p.setLong(3, clock.millis() + wait.toMillis());
                p.setLong(4, row.seq());
                p.executeUpdate();
            }
        }
        return false;
    }

    /** Exponential from {@link EventSettings#backoff()}, capped, less up to a fifth at random so relays spread out. */
    Duration backoff(int attempt) {
        long base = settings.backoff().toMillis();
        long max = settings.backoffMax().toMillis();
        long wait = attempt >= 62 ? max : Math.min(max, base << Math.min(attempt - 1, 40));
        return Duration.ofMillis(Math.max(1, wait - ThreadLocalRandom.current().nextLong(wait / 5 + 1)));
    }

    private static String describe(Throwable t) {
        String s = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return s.length() > 1900 ? s.substring(0, 1900) + "..." : s;
    }

    private void dispatch(Row row) throws Exception {
        String d = row.destination();
        if (d.startsWith(HANDLER)) {
            subscriptions.deliver(d.substring(HANDLER.length()), row.event());
        } else if (d.startsWith(PUBLISHER)) {
            ExternalPublisher p = publishers.get(d.substring(PUBLISHER.length()));
            if (p == null) {
                throw new EventException("No external publisher named '" + d.substring(PUBLISHER.length()) + "' is on this"
                        + " application's path; it was when the event was published");
            }
            p.publish(row.event());
        } else {
            throw new EventException("Unknown destination '" + d + "'");
        }
    }

    /**
     * Deletes delivered rows older than {@code retention} and consumers' records of applied events
     * older than {@code processed-retention}. Dead letters and pending rows stay.
     *
     * @return how many rows were deleted, outbox and records together
     */
    int purgeExpired() {
        long now = clock.millis();
        return database.get().unitOfWork().call(c -> {
            int deleted;
            try (PreparedStatement p = c.prepareStatement("delete from bento_outbox where status = 'DONE' and finished_at < ?")) {
                p.setLong(1, now - settings.retention().toMillis());
                deleted = p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("delete from bento_processed_event where processed_at < ?")) {
                p.setLong(1, now - settings.processedRetention().toMillis());
                deleted += p.executeUpdate();
            }
            return deleted;
        });
    }

    // ---------------------------------------------------------------- dead letters

    @Override
    public List<DeadLetter> deadLetters() {
        return database.get().unitOfWork().call(c -> {
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
        });
    }

    @Override
    public void replay(long deliveryId) {
        Database db = database.get();
        db.unitOfWork().run(c -> {
            try (PreparedStatement p = c.prepareStatement("update bento_outbox set status = 'PENDING', attempts = 0,"
                    + " next_attempt_at = ?, last_error = null, finished_at = null where seq = ? and status = 'DEAD'")) {
                p.setLong(1, clock.millis());
                p.setLong(2, deliveryId);
                if (p.executeUpdate() == 0) {
                    throw new EventException("There is no dead letter with delivery id " + deliveryId + "; deadLetters() lists them");
                }
            }
            db.unitOfWork().afterCommit(this::wake);
        });
    }
}
