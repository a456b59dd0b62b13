package com.bento.data;

import java.sql.Connection;
import java.util.Optional;

/**
 * One database transaction around a piece of work. Everything that asks the application's data
 * source for a connection on this thread inside the work (repositories included) gets the work's
 * connection; the work commits when it returns and rolls back when it throws. Work started inside
 * work joins the outer transaction, which alone commits or rolls back.
 *
 * <pre>{@code
 * long id = uow.call(connection -> insertOrder(connection, order));
 * }</pre>
 */
public interface UnitOfWork {

    /** Work that returns a value. */
    @FunctionalInterface
    interface Work<T> {
        /**
         * @param connection the transaction's connection; do not close it
         * @return the result
         * @throws Exception any failure, which rolls the transaction back
         */
        T call(Connection connection) throws Exception;
    }

    /** Work without a result. */
    @FunctionalInterface
    interface VoidWork {
        /**
         * @param connection the transaction's connection; do not close it
         * @throws Exception any failure, which rolls the transaction back
         */
        void run(Connection connection) throws Exception;
    }

    /**
     * Runs the work in a transaction (or in the one already open on this thread).
     *
     * @param work the work
     * @param <T> its result type
     * @return its result
     * @throws TransactionException when the work, the commit or the rollback failed; an unchecked
     *         exception or error the work threw is rethrown as it is
     */
    <T> T call(Work<T> work);

    /**
     * Runs the work in a transaction (or in the one already open on this thread).
     *
     * @param work the work
     * @throws TransactionException as {@link #call}
     */
    void run(VoidWork work);

    /** @return the connection of the transaction open on this thread, if any */
    Optional<Connection> current();

    /**
     * Runs an action once the transaction of the unit of work running on this thread has committed:
     * for work that must see only committed data (delivering the events it published, say). The
     * actions run in the order they were added, on this thread, after the commit and before the
     * outermost {@code call} returns; when the transaction rolls back they never run. An action that
     * throws is logged and does not undo the commit, nor stop the actions after it.
     *
     * @param action what to run after the commit
     * @throws TransactionException when no unit of work is running on this thread
     */
    void afterCommit(Runnable action);
}
