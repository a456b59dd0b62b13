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
}
