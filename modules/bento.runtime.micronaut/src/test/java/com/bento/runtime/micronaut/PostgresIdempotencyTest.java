package com.bento.runtime.micronaut;

import com.bento.testsupport.RequiresServer;

/** Two runtimes on the real PostgreSQL. */
@RequiresServer(name = "PostgreSQL", port = 5432)
class PostgresIdempotencyTest extends IdempotencyContract {
    @Override
    String[] database() {
        return new String[] {"jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""};
    }
}
