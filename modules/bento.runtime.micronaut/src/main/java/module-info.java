/**
 * Hosts Bento modules on Micronaut's Netty HTTP server.
 *
 * <p>Two ways in: {@link com.bento.runtime.micronaut.BentoMicronaut} when Bento owns {@code main},
 * or, when Micronaut owns it ({@code Micronaut.run(...)}), a context configurer that this module
 * contributes builds the Bento runtime from the modules it discovers.
 *
 * <p>The package is exported to everyone, not qualified: Micronaut instantiates the endpoints and
 * filters it holds through {@code MethodHandles.publicLookup()}, which needs an unqualified export.
 * Every Micronaut jar is an automatic module, required by its automatic name.
 *
 * @uses com.bento.spi.RequestListener observers of each served request, such as HTTP metrics
 * @provides com.bento.spi.DeadlineSource the deadline of the request served on a thread
 */
module bento.runtime.micronaut {
    requires transitive bento.runtime.impl;
    requires static transitive org.jspecify;
    requires static org.jetbrains.annotations; // compile-only: read by javac in Micronaut's ByteBody
    requires transitive io.micronaut.micronaut_inject;
    requires transitive io.micronaut.micronaut_core;
    requires transitive io.micronaut.micronaut_http;
    requires transitive io.micronaut.micronaut_context;
    requires io.micronaut.micronaut_http_server;
    requires io.micronaut.micronaut_http_server_netty;
    requires io.micronaut.micronaut_router;
    // @Idempotent is around advice: modules whose controllers use it compile intercepted classes
    requires transitive io.micronaut.micronaut_aop;
    requires io.micronaut.micronaut_json_core;
    // a handler on each connection counts response writes until they reach the socket (graceful stop)
    requires io.netty.transport;
    requires io.netty.common;
    requires io.micronaut.serde.micronaut_serde_api;
    requires transitive jakarta.inject;
    requires jakarta.annotation;
    requires org.slf4j;
    requires java.sql;
    // optional: Micronaut Data's optimistic-lock failures become 409 responses when it is present
    requires static io.micronaut.data.micronaut_data_model;
    requires static bento.runtime.data;
    // rate limiting: token buckets (Bucket4j), in memory or, optionally, shared through Redis
    requires io.github.bucket4j.core;
    requires static io.github.bucket4j.lettuce;
    requires static io.github.bucket4j.redis.common;
    requires static lettuce.core;
    // the request deadline's timer
    requires reactor.core;
    requires org.reactivestreams;
    // SIGTERM handling, so that a graceful stop exits 0 rather than 143
    requires jdk.unsupported;

    exports com.bento.runtime.micronaut;

    uses com.bento.spi.RequestListener;
    provides com.bento.spi.DeadlineSource with com.bento.runtime.micronaut.RequestDeadlines;
}
