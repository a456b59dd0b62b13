package com.bento;

import java.util.Objects;

/**
 * What a container knows of one entry without creating it.
 *
 * @param name the entry's name
 * @param type the declared type, which lookups by type and host frameworks use
 * @param lifetime how long its instances live; entries set as instances are {@link Lifetime#SINGLETON}
 * @param lazy whether the entry is made by a factory that has not necessarily run yet
 * @param owner the module whose hook registered it; empty when the runtime or the application did
 */
public record ServiceEntry(String name, Class<?> type, Lifetime lifetime, boolean lazy, String owner) {
    /** Validates the components. */
    public ServiceEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(owner, "owner");
    }

    /**
     * An entry that no module registered.
     *
     * @param name the entry's name
     * @param type the declared type
     * @param lifetime how long its instances live
     * @param lazy whether a factory makes it
     */
    public ServiceEntry(String name, Class<?> type, Lifetime lifetime, boolean lazy) {
        this(name, type, lifetime, lazy, "");
    }
}
