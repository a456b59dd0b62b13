package com.bento.runtime.micronaut;

import com.bento.runtime.BentoRuntime;
import io.micronaut.context.ApplicationContext;
import java.net.URI;

/**
 * A running Bento application on Micronaut: the HTTP server is up and every module started.
 * {@link #close()} drains and stops it; see {@link BentoMicronaut}.
 */
public interface BentoApp extends AutoCloseable {

    /** @return the port the server listens on */
    int port();

    /**
     * @return a base URL this machine reaches the server at: with the configured {@code micronaut.server.host},
     *         or {@code http://127.0.0.1:<port>} when the server binds every interface (the default)
     */
    URI url();

    /** @return the Bento runtime */
    BentoRuntime runtime();

    /** @return Micronaut's application context */
    ApplicationContext context();

    /**
     * Stops the application gracefully: readiness turns not-ready and new requests get 503, requests
     * in flight may finish and their responses reach the socket (bounded by the drain timeout), then
     * the modules stop in reverse order, then the server and the context. Closing twice, or from two
     * threads, stops once. The failure of a step is thrown after the others ran, the rest suppressed.
     */
    @Override
    void close();
}
