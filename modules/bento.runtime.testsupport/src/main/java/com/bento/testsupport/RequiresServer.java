package com.bento.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server the annotated test class (or method) talks to. Before it runs, a TCP connection to
 * {@code host:port} is tried: when nothing answers, the tests are skipped with a reason that names
 * the server and says to start it, except when the environment variable {@code CI} is
 * {@code true}, where a missing server fails them, so that a build server never passes by skipping.
 *
 * <pre>{@code
 * @RequiresServer(name = "PostgreSQL", port = 5432)
 * class OutboxOnPostgresTest { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiresServer.All.class)
@ExtendWith(ServerCondition.class)
public @interface RequiresServer {
    /** @return what the server is, for the reason: {@code PostgreSQL}, {@code Redis} */
    String name();

    /** @return where it listens */
    String host() default "127.0.0.1";

    /** @return its port */
    int port();

    /** @return how long to wait for the connection, in milliseconds */
    int timeoutMillis() default 2_000;

    /** Several servers on one class. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ExtendWith(ServerCondition.class)
    @interface All {
        /** @return the servers */
        RequiresServer[] value();
    }
}
