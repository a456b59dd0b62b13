package com.bento.runtime.micronaut;

import com.bento.runtime.BentoRuntime;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import java.time.Duration;

/**
 * Bento inside an application whose {@code main} is Micronaut's ({@code Micronaut.run(...)}):
 * before the context starts, discovers the Bento modules, builds the runtime and bridges its
 * container into the context. Service name, environment and contracts come from the settings
 * {@link BentoMicronaut#fromSettings()} reads, the drain before a stop from {@code BENTO_DRAIN_TIMEOUT};
 * {@code BENTO_ENABLED=false} leaves the application alone.
 */
@ContextConfigurer
public final class BentoContextConfigurer implements ApplicationContextConfigurer {

    /** Created by Micronaut. */
    public BentoContextConfigurer() {
    }

    @Override
    public void configure(ApplicationContext context) {
        if (BentoMicronaut.MANAGED.get() != null || "false".equalsIgnoreCase(com.bento.Settings.lookup("bento.enabled", "BENTO_ENABLED", "true"))) {
            return;
        }
        ContextBeans beans = new ContextBeans();
        beans.attach(context);
        BentoRuntime runtime = BentoMicronaut.fromSettings().withService("beans", beans).build();
        ExportCheck.verify(runtime.moduleDescriptors());
        BentoHost host = new BentoHost(runtime);
        long bridgeBegin = System.nanoTime();
        Bridge.definitions(runtime, host).forEach(context::registerBeanDefinition);
        host.addBridgeTime(System.nanoTime() - bridgeBegin);
        context.registerSingleton(StartListener.class, new StartListener(host));
        context.registerSingleton(StopListener.class, new StopListener(host, BentoMicronaut.drainTimeoutSetting()));
    }

    /** Runs the modules' onStartup when the server is up. */
    static final class StartListener implements ApplicationEventListener<ServerStartupEvent> {
        private final BentoHost host;

        StartListener(BentoHost host) {
            this.host = host;
        }

        @Override
        public void onApplicationEvent(ServerStartupEvent event) {
            host.runtime().start();
        }
    }

    /** Drains, then stops the modules in reverse, when the context shuts down. */
    static final class StopListener implements ApplicationEventListener<ShutdownEvent> {
        private final BentoHost host;
        private final Duration drainTimeout;

        StopListener(BentoHost host, Duration drainTimeout) {
            this.host = host;
            this.drainTimeout = drainTimeout;
        }

        @Override
        public void onApplicationEvent(ShutdownEvent event) {
            host.drain(drainTimeout);
            host.runtime().close();
        }
    }
}
