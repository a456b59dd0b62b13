package com.bento;

/**
 * A unit of work, such as one request, that owns its own instances of {@link Lifetime#SCOPED}
 * entries. Opening a scope binds it to the current thread until it is closed, so that
 * {@link Container#get(String)} on that thread sees the scope's instances.
 *
 * <pre>{@code
 * try (Scope scope = container.openScope()) {
 *     UnitOfWork uow = scope.get("uow", UnitOfWork.class);
 * }
 * }</pre>
 */
public interface Scope extends AutoCloseable {

    /**
     * Looks an entry up in this scope: scoped entries get this scope's instance, others behave as
     * in the container.
     *
     * @param name the entry's name
     * @param type the expected type
     * @param <T> the expected type
     * @return the instance
     * @throws ServiceNotFoundException when no entry has that name
     * @throws ContainerException when the entry does not have that type, or its factory fails
     */
    <T> T get(String name, Class<T> type);

    /**
     * Closes, in reverse creation order, the scoped instances this scope created that are
     * {@link AutoCloseable}, and unbinds the scope from the thread that opened it. Every close is
     * attempted; the first failure is thrown with the others suppressed. Closing twice does
     * nothing.
     *
     * @throws ContainerException when an instance failed to close
     */
    @Override
    void close();
}
