package com.bento.test;

import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import com.bento.runtime.micronaut.BentoApp;
import com.bento.runtime.micronaut.BentoMicronaut;
import java.net.URI;
import java.util.Optional;

/**
 * The Micronaut side of {@code @BentoTest(web = true)}, in a class of its own so that the test
 * module loads Micronaut's types only when a test asks for them.
 */
final class WebHost implements AutoCloseable {
    private final BentoApp app;

    private WebHost(BentoApp app) {
        this.app = app;
    }

    /** Builds the runtime and serves it on a free port. */
    static WebHost start(RuntimeBuilder builder) {
        return new WebHost(BentoMicronaut.builder(builder).port(0).start());
    }

    BentoRuntime runtime() {
        return app.runtime();
    }

    /** The object a test parameter of that type receives, if the host has one. */
    Optional<Object> resolve(Class<?> type) {
        if (type == BentoApp.class) {
            return Optional.of(app);
        }
        if (type == URI.class) {
            return Optional.of(app.url());
        }
        if (type.isPrimitive()) {
            return Optional.empty();
        }
        return app.context().findBean(type).map(Object.class::cast);
    }

    @Override
    public void close() {
        app.close();
    }
}
