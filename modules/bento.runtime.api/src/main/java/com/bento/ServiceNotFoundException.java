package com.bento;

/** A container lookup found no entry (or, by type, no single entry) for what was asked. */
public final class ServiceNotFoundException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the name, or the type's name, that was looked up
     * @param message what was asked, what the container holds and how to fix it
     */
    public ServiceNotFoundException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** @return the name, or for a lookup by type the type's name, that was not found */
    public String key() {
        return key;
    }
}
