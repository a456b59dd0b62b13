package com.bento.events;

import com.bento.contracts.ContractException;
import com.bento.contracts.Contracts;
import com.bento.data.Database;
import java.lang.invoke.MethodHandles;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** The outbox-backed event bus: see {@link EventBus}. */
final class DefaultEventBus implements EventBus, com.bento.spi.UnloadAware {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    static final String HANDLER = "handler:";
    static final String PUBLISHER = "publisher:";

    private final EventSettings settings;
    private final Supplier<Database> database;
    private final Supplier<Optional<Contracts>> contracts;
    private final Clock clock;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Map<String, ExternalPublisher> publishers = new ConcurrentHashMap<>();
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();
    private final OutboxStore store = new OutboxStore();

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
        Event created = Event.of(event, clock.instant());
        String type = created.type();
        Map<String, Object> payload = created.payload();
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
        Event envelope = created.withTopic(topic);
        List<String> destinations = new ArrayList<>();
        subscriptions.handlers(type).forEach(h -> destinations.add(HANDLER + h));
        publishers.keySet().stream().sorted().forEach(p -> destinations.add(PUBLISHER + p));
        if (destinations.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Event " + envelope.id() + " (" + type + ") has no subscriber and no publisher");
            return envelope;
        }
        Database db = database.get();
        db.unitOfWork().run(c -> {
            store.insert(c, envelope, destinations, clock.millis());
            db.unitOfWork().afterCommit(this::wake);
        });
        return envelope;
    }

    private void wake() {
        wakers.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------- subscribing (see Subscriptions)

    @Override
    public void moduleUnloaded(String module, java.lang.Module classes) {
        List<String> removed = subscriptions.removeDefinedIn(classes);
        if (!removed.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Module '" + module + "' was unloaded; its event handlers " + removed
                    + " are unsubscribed");
        }
    }

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

    /**
     * Runs the relay on this thread until nothing is due: what the relay thread does on each poll,
     * and what the bus's own tests call instead of waiting for it. Applications' tests use the
     * recording bus of {@code bento.runtime.test} for delivery on demand.
     *
     * @return how many deliveries succeeded
     */
    int deliverDue() {
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
                List<OutboxStore.Row> rows = store.lock(c, clock.millis(), settings.batchSize());
                List<Long> done = new ArrayList<>(rows.size());
                java.util.Set<String> stopped = new java.util.HashSet<>();
                long now = clock.millis();
                for (OutboxStore.Row row : rows) { // in seq order: each aggregate's head before the rows behind it
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
                store.markDone(c, done, clock.millis());
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

    /** @return whether the delivery succeeded; a failure is recorded (retry or dead letter) at once */
    private boolean deliver(Connection c, OutboxStore.Row row) throws SQLException {
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
            store.markDead(c, row.seq(), attempt, error, clock.millis());
        } else {
            Duration wait = backoff(attempt);
            LOG.log(System.Logger.Level.WARNING, "Event " + row.event().id() + " (" + row.event().type() + ") to "
                    + row.destination() + " failed (attempt " + attempt + " of " + settings.maxAttempts() + "), retrying in "
                    + wait.toMillis() + " ms: " + error);
            store.markRetry(c, row.seq(), attempt, error, clock.millis() + wait.toMillis());
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

    private void dispatch(OutboxStore.Row row) throws Exception {
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
        return database.get().unitOfWork().call(c -> store.purge(c, now - settings.retention().toMillis(),
                now - settings.processedRetention().toMillis()));
    }

    // ---------------------------------------------------------------- dead letters

    @Override
    public List<DeadLetter> deadLetters() {
        return database.get().unitOfWork().call(store::deadLetters);
    }

    @Override
    public void replay(long deliveryId) {
        Database db = database.get();
        db.unitOfWork().run(c -> {
            if (!store.replay(c, deliveryId, clock.millis())) {
                throw new EventException("There is no dead letter with delivery id " + deliveryId + "; deadLetters() lists them");
            }
            db.unitOfWork().afterCommit(this::wake);
        });
    }
}
