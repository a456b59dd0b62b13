package com.bento.spi;

/** The phases a runtime goes through, as reported to {@link RuntimeListener}s. */
public enum Phase {
    /** Startup gates validate the application before anything registers. */
    GATES("gates"),
    /** Each module's {@code onRegister}, in dependency order. */
    REGISTER("register"),
    /** The database is set up, when a module requires one. */
    DATABASE("database"),
    /** Each module's {@code onStartup}, in dependency order. */
    STARTUP("startup"),
    /** Each started module's {@code onShutdown}, in reverse order, then the services close. */
    SHUTDOWN("shutdown");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** @return the lower-case name used in messages, metrics and span names */
    public String label() {
        return label;
    }
}
