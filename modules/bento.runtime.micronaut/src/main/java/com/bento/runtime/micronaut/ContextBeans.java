package com.bento.runtime.micronaut;

import com.bento.Beans;
import com.bento.ServiceNotFoundException;
import io.micronaut.context.ApplicationContext;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link Beans} over Micronaut's context, which the host attaches once it has started. */
final class ContextBeans implements Beans {
    private volatile @Nullable ApplicationContext context;

    void attach(ApplicationContext context) {
        this.context = context;
    }

    private ApplicationContext context(Class<?> type) {
        ApplicationContext c = context;
        if (c == null || !c.isRunning()) {
            throw new ServiceNotFoundException(type.getName(), "Micronaut bean " + type.getName() + " was asked for"
                    + " before the Micronaut context started (or after it stopped). Ask for it in onStartup, or inside a"
                    + " lazy container factory, not in onRegister.");
        }
        return c;
    }

    @Override
    public <T> T get(Class<T> type) {
        ApplicationContext c = context(type);
        return c.findBean(type).orElseThrow(() -> new ServiceNotFoundException(type.getName(), "No Micronaut bean of type "
                + type.getName() + ". Check that the class is a bean (annotated, and compiled with Micronaut's annotation"
                + " processor) and that its package is exported."));
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
        return context(type).findBean(type);
    }
}
