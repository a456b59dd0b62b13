package com.bento.runtime.micronaut;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/** Reads the {@code bento.http} settings once, for every filter and interceptor that needs them. */
@Factory
final class HttpSettingsFactory {

    @Singleton
    HttpSettings httpSettings(Environment environment) {
        return HttpSettings.from(environment);
    }
}
