package com.bento;

import java.util.Objects;

/**
 * A container entry's name and declared type, as one value: the typed way to register and look up a
 * well-known service. Keys live beside their types ({@code Database.KEY}, {@code EventBus.KEY},
 * {@link Ports#KEY}, ...), so producer, consumer and host bridge name the entry once:
 *
 * <pre>{@code
 * container.set(Database.KEY, database);             // producer
 * Database db = container.get(Database.KEY);         // consumer: typed, no cast, no string
 * }</pre>
 *
 * <p>The name stays what lookups by name, {@code /bento/info}, the module graph and the Micronaut
 * bean bridge's {@code @Named} show. Two keys are equal when name and type are.
 *
 * @param name the entry's name, not blank
 * @param type the entry's declared type
 * @param <T> the declared type
 */
public record ServiceKey<T>(String name, Class<T> type) {

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public ServiceKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A service key's name must not be blank; use a dotted name such as"
                    + " 'catalog.repo' (key of type " + type.getName() + ")");
        }
    }

    /**
     * A key.
     *
     * @param name the entry's name
     * @param type the entry's declared type
     * @param <T> the declared type
     * @return the key
     */
    public static <T> ServiceKey<T> of(String name, Class<T> type) {
        return new ServiceKey<>(name, type);
    }

    @Override
    public String toString() {
        return name + " (" + type.getName() + ")";
    }
}
