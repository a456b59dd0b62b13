package com.bento.runtime.micronaut;

import io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils;
import io.micronaut.inject.BeanDefinitionReference;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Micronaut's bean definitions on a background thread while the runtime runs its gates,
 * registration and database phase, so that the application context, started next, finds their classes
 * loaded and initialised: on two cores the sample's JDK 17 image reaches its first 200 4–7 % sooner;
 * JDK 25's AOT cache already holds these classes loaded, and there it changes nothing measurable
 * (docs/benchmarks.md). The definitions are only loaded: no bean is created, nothing is kept that the
 * context would not build itself, and a definition that fails to load is skipped here; the context
 * reports it when it loads it for real.
 */
final class BeanPreload {
    private static final Logger LOG = LoggerFactory.getLogger(BeanPreload.class);
    static final String THREAD = "bento-micronaut-preload";

    /** What one preload did. */
    record Done(int loaded, int skipped, Duration took) {
    }

    private final CompletableFuture<Done> done = new CompletableFuture<>();

    private BeanPreload() {
    }

    /**
     * @param loader the class loader the application context uses
     * @return the preload, started
     */
    static BeanPreload start(ClassLoader loader) {
        return start(() -> references(loader));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<BeanDefinitionReference<?>> references(ClassLoader loader) {
        return (List) MicronautMetaServiceLoaderUtils.findMetaMicronautServiceEntries(loader,
                BeanDefinitionReference.class, reference -> true);
    }

    /**
     * @param references the references to load, found on the background thread
     * @return the preload, started
     */
    static BeanPreload start(Supplier<List<BeanDefinitionReference<?>>> references) {
        BeanPreload preload = new BeanPreload();
        Thread thread = new Thread(() -> preload.run(references), THREAD);
        thread.setDaemon(true);
        thread.start();
        return preload;
    }

    private void run(Supplier<List<BeanDefinitionReference<?>>> references) {
        long begin = System.nanoTime();
        int loaded = 0;
        int skipped = 0;
        try {
            for (BeanDefinitionReference<?> reference : references.get()) {
                try {
                    if (reference.isPresent()) {
                        reference.load();
                        loaded++;
                    } else {
                        skipped++;
                    }
                } catch (RuntimeException | LinkageError e) {
                    skipped++;
                    LOG.debug("Bean definition {} not preloaded; the context reports it if it needs it: {}",
                            reference.getBeanDefinitionName(), e.toString());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Preloading Micronaut's bean definitions stopped: {}", e.toString());
        }
        Done result = new Done(loaded, skipped, Duration.ofNanos(System.nanoTime() - begin));
        LOG.debug("Preloaded {} Micronaut bean definitions ({} skipped) in {} ms, beside the runtime's build",
                result.loaded(), result.skipped(), result.took().toMillis());
        done.complete(result);
    }

    /** @return what the preload did, once it has finished */
    Optional<Done> result() {
        return Optional.ofNullable(done.getNow(null));
    }

    /** @return completes when the preload has finished */
    CompletableFuture<Done> finished() {
        return done;
    }
}
