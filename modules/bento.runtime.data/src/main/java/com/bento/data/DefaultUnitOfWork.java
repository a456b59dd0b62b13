package com.bento.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A thread-bound transaction; nested work joins it and only the outermost level commits or rolls back. */
final class DefaultUnitOfWork implements UnitOfWork {

    private static final class Tx {
        final Connection connection;
        boolean rollbackOnly;
        final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>(2);

        Tx(Connection connection) {
            this.connection = connection;
        }
    }

    private static final System.Logger LOG = System.getLogger(UnitOfWork.class.getName());
    /** What bounds the work on a thread (a request's deadline); found once. */
    private static final java.util.List<com.bento.spi.DeadlineSource> DEADLINES = com.bento.spi.Providers.load(
            java.util.ServiceLoader.load(com.bento.spi.DeadlineSource.class, DefaultUnitOfWork.class.getClassLoader()),
            com.bento.spi.DeadlineSource.class);
    private final DataSource pool;
    private final ThreadLocal<@Nullable Tx> current = new ThreadLocal<>();

    DefaultUnitOfWork(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Optional<Connection> current() {
        Tx tx = current.get();
        return tx == null ? Optional.empty() : Optional.of(tx.connection);
    }

    @Override
    public void afterCommit(Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        Tx tx = current.get();
        if (tx == null) {
            throw new TransactionException("afterCommit needs a unit of work running on this thread, and none is;"
                    + " call it inside database.unitOfWork().run(...)", null);
        }
        tx.afterCommit.add(action);
    }

    @Override
    public void run(VoidWork work) {
        call(c -> {
            work.run(c);
            return null;
        });
    }

    @Override
    public <T> T call(Work<T> work) {
        Tx joined = current.get();
        if (joined != null) {
            try {
                return work.call(joined.connection);
            } catch (Throwable t) {
                joined.rollbackOnly = true; // the outer level decides, but it can no longer commit
                throw rethrow(t);
            }
        }
        checkDeadline(null);
        Tx tx = begin();
        current.set(tx);
        try {
            T result;
            try {
                result = work.call(tx.connection);
            } catch (Throwable t) {
                rollback(tx, t);
                throw rethrow(t);
            }
            if (tx.rollbackOnly) {
                rollback(tx, null);
                throw new TransactionException("An inner unit of work failed, so the transaction was rolled back;"
                        + " the inner failure was thrown to the inner caller. Let it propagate, or do not catch it.", null);
            }
            checkDeadline(tx);
            commit(tx);
            current.remove();
            close(tx);
            runAfterCommit(tx);
            return result;
        } finally {
            if (current.get() == tx) {
                current.remove();
                close(tx);
            }
        }
    }

    /**
     * Past the deadline of the work on this thread, rolls back (when a transaction is given) and fails
     * with {@code DEADLINE_EXCEEDED}: its caller has been answered already, so nothing may be kept.
     */
    private static void checkDeadline(@Nullable Tx tx) {
        for (com.bento.spi.DeadlineSource source : DEADLINES) {
            java.util.OptionalLong deadline = source.deadline();
            if (deadline.isPresent() && System.nanoTime() - deadline.getAsLong() > 0) {
                com.bento.BentoException late = new com.bento.BentoException(com.bento.ReasonCode.DEADLINE_EXCEEDED,
                        java.util.Map.of("late_ms", (System.nanoTime() - deadline.getAsLong()) / 1_000_000));
                if (tx != null) {
                    rollback(tx, late);
                }
                throw late;
            }
        }
    }

    private static void runAfterCommit(Tx tx) {
        for (Runnable action : tx.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "An after-commit action failed; the transaction stays committed", e);
            }
        }
    }

    /** Unchecked throwables as they are; a checked one wrapped, saying the work was rolled back. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new TransactionException("The unit of work failed and was rolled back: " + t, t);
    }

    private Tx begin() {
        try {
            Connection c = pool.getConnection();
            c.setAutoCommit(false);
            return new Tx(c);
        } catch (SQLException e) {
            throw new TransactionException("Could not begin a unit of work: no connection from the pool (" + e.getMessage()
                    + "). Check that the database answers and the pool is not exhausted.", e);
        }
    }

    private static void commit(Tx tx) {
        try {
            tx.connection.commit();
        } catch (SQLException e) {
            throw new TransactionException("The unit of work could not commit: " + e.getMessage()
                    + ". Nothing it wrote was kept.", e);
        }
    }

    private static void rollback(Tx tx, @Nullable Throwable cause) {
        try {
            tx.connection.rollback();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                throw new TransactionException("The unit of work could not roll back: " + e.getMessage(), e);
            }
        }
    }

    private static void close(Tx tx) {
        try {
            tx.connection.setAutoCommit(true);
            tx.connection.close();
        } catch (SQLException e) {
            // the pool discards a broken connection itself
        }
    }
}
