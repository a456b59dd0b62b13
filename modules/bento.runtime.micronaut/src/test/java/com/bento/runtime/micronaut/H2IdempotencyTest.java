package com.bento.runtime.micronaut;

/** Two runtimes on one in-memory H2 database, the embedded default's engine. */
class H2IdempotencyTest extends IdempotencyContract {
    @Override
    String[] database() {
        return new String[] {"jdbc:h2:mem:ledger-" + Long.toHexString(System.nanoTime()) + ";DB_CLOSE_DELAY=-1", "sa", ""};
    }
}
