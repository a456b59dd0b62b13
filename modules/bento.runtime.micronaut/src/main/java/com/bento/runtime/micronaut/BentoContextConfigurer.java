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
 * container into the context. Service name and environment come from {@code BENTO_SERVICE_NAME}
 * and {@code BENTO_ENV} (or the system properties {@code bento.service-name} and
 * {@code bento.environment}); {@code BENTO_ENABLED=false} leaves the application alone.
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
        BentoRuntime runtime = BentoRuntime.builder()
                .withConfig(com.bento.Settings.lookup("bento.service-name", "BENTO_SERVICE_NAME", "bento"),
                        com.bento.Settings.lookup("bento.environment", "BENTO_ENV", "local"))
                .withService("beans", beans)
                .discoverModules()
                .build();
        ExportCheck.verify(runtime.modules());
        BentoHost host = new BentoHost(runtime, BentoMicronaut.notLoaded(runtime));
        long bridgeBegin = System.nanoTime();
        Bridge.definitions(runtime, host).forEach(context::registerBeanDefinition);
        host.addBridgeTime(System.nanoTime() - bridgeBegin);
        context.registerSingleton(StartListener.class, new StartListener(host));
        context.registerSingleton(StopListener.class, new StopListener(host));
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

        StopListener(BentoHost host) {
            this.host = host;
        }

        @Override
        public void onApplicationEvent(ShutdownEvent event) {
            host.drain(Duration.ofSeconds(10));
            host.runtime().close();
        }
    }
}
