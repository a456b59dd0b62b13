package com.bento;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The application's named services.
 *
 * <p>Every entry has a unique name and a declared type. An entry is either an instance, set
 * with {@link #set}, or a factory, set with {@link #setFactory}, which runs on first use and
 * whose result is kept according to its {@link Lifetime}. A singleton factory runs exactly once
 * even when many threads ask for it at the same moment; a factory that fails keeps nothing, so
 * the next lookup tries again.
 *
 * <p>When the runtime closes, the container closes every {@link AutoCloseable} instance it holds
 * (set instances and created singletons) in reverse order of their arrival. Transient instances
 * belong to the caller; scoped ones close with their {@link Scope}.
 *
 * <p>All methods are safe to call from many threads.
 */
public interface Container {

    /**
     * Adds an instance under its runtime class as declared type.
     *
     * @param name the entry's name, unique in the container
     * @param instance the service
     * @throws ContainerException when the name is already taken
     */
    void set(String name, Object instance);

    /**
     * Adds an instance under a declared type, the type by which it is looked up and exposed to
     * host frameworks (an interface rather than its implementation, say).
     *
     * @param name the entry's name, unique in the container
     * @param type the declared type
     * @param instance the service, an instance of {@code type}
     * @param <T> the declared type
     * @throws ContainerException when the name is already taken or the instance is not a {@code type}
     */
    <T> void set(String name, Class<T> type, T instance);

    /**
     * Adds a lazy {@link Lifetime#SINGLETON} factory.
     *
     * @param name the entry's name, unique in the container
     * @param type the declared type of what the factory makes
     * @param factory makes the service on first use; it may look up other entries
     * @param <T> the declared type
     * @throws ContainerException when the name is already taken
     */
    <T> void setFactory(String name, Class<T> type, Supplier<? extends T> factory);

    /**
     * Adds a lazy factory whose results live as {@code lifetime} says.
     *
     * @param name the entry's name, unique in the container
     * @param type the declared type of what the factory makes
     * @param factory makes the service; it may look up other entries
     * @param lifetime how long each result lives
     * @param <T> the declared type
     * @throws ContainerException when the name is already taken
     */
    <T> void setFactory(String name, Class<T> type, Supplier<? extends T> factory, Lifetime lifetime);

    /**
     * Looks an entry up by name.
     *
     * @param name the entry's name
     * @return the instance
     * @throws ServiceNotFoundException when no entry has that name
     * @throws ContainerException when its factory fails, asks for itself, or is scoped and no
     *         scope is open on this thread
     */
    Object get(String name);

    /**
     * Looks an entry up by name and checks its type.
     *
     * @param name the entry's name
     * @param type the expected type
     * @param <T> the expected type
     * @return the instance
     * @throws ServiceNotFoundException when no entry has that name
     * @throws ContainerException when the entry's declared type is not a {@code type}, or its
     *         factory fails
     */
    <T> T get(String name, Class<T> type);

    /**
     * Looks an entry up by name, if there is one.
     *
     * @param name the entry's name
     * @param type the expected type
     * @param <T> the expected type
     * @return the instance, or empty when no entry has that name
     * @throws ContainerException when the entry exists but is not a {@code type}, or its factory fails
     */
    <T> Optional<T> find(String name, Class<T> type);

    /**
     * Looks up the one entry whose declared type is a {@code type}.
     *
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the instance
     * @throws ServiceNotFoundException when no entry, or more than one, has a matching type;
     *         the message lists the candidates
     */
    <T> T get(Class<T> type);

    /**
     * Tells whether an entry has this name.
     *
     * @param name the entry's name
     * @return {@code true} when an entry has that name
     */
    boolean has(String name);

    /**
     * The names of all entries, in the order they were added.
     *
     * @return an unmodifiable snapshot
     */
    Set<String> names();

    /**
     * Describes every entry, in the order they were added, without creating anything.
     *
     * @return an unmodifiable snapshot
     */
    List<ServiceEntry> entries();

    /**
     * Opens a scope for {@link Lifetime#SCOPED} entries, bound to the current thread until it is
     * closed. Scopes nest: closing the inner one restores the outer.
     *
     * @return the new scope
     */
    Scope openScope();

    /**
     * Adds an instance under a key's name and declared type.
     *
     * @param key the entry's name and declared type
     * @param instance the service, an instance of the key's type
     * @param <T> the declared type
     * @throws ContainerException when the name is already taken or the instance is not of the type
     */
    default <T> void set(ServiceKey<T> key, T instance) {
        set(key.name(), key.type(), instance);
    }

    /**
     * Adds a singleton factory under a key.
     *
     * @param key the entry's name and declared type
     * @param factory makes the service on first use
     * @param <T> the declared type
     * @throws ContainerException when the name is already taken
     */
    default <T> void setFactory(ServiceKey<T> key, Supplier<? extends T> factory) {
        setFactory(key.name(), key.type(), factory);
    }

    /**
     * Adds a factory with a lifetime under a key.
     *
     * @param key the entry's name and declared type
     * @param factory makes the service
     * @param lifetime how long a made instance is kept
     * @param <T> the declared type
     * @throws ContainerException when the name is already taken
     */
    default <T> void setFactory(ServiceKey<T> key, Supplier<? extends T> factory, Lifetime lifetime) {
        setFactory(key.name(), key.type(), factory, lifetime);
    }

    /**
     * The entry a key names, as its type.
     *
     * @param key the entry's name and declared type
     * @param <T> the declared type
     * @return the service
     * @throws ServiceNotFoundException when there is no such entry
     * @throws ContainerException when the entry is not of the key's type, or its factory fails
     */
    default <T> T get(ServiceKey<T> key) {
        return get(key.name(), key.type());
    }

    /**
     * The entry a key names, if there is one.
     *
     * @param key the entry's name and declared type
     * @param <T> the declared type
     * @return the service, or empty when no entry has the key's name
     * @throws ContainerException when the entry is not of the key's type, or its factory fails
     */
    default <T> Optional<T> find(ServiceKey<T> key) {
        return find(key.name(), key.type());
    }

    /**
     * Whether an entry has the key's name.
     *
     * @param key the key
     * @return whether the name is taken
     */
    default boolean has(ServiceKey<?> key) {
        return has(key.name());
    }
}
