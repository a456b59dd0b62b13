package com.bento.runtime;

import java.lang.System.Logger.Level;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The JVM shutdown hook a runtime installs when asked ({@link RuntimeBuilder#withShutdownHook()}), and its removal. */
final class JvmShutdownHook {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());
    private volatile @Nullable Thread thread;

    /** Installs a hook running {@code close}; in test mode only warns, as tests close their runtimes. */
    void install(String serviceName, boolean testMode, Runnable close) {
        if (testMode) {
            LOG.log(Level.WARNING, "withShutdownHook() ignored: runtime '" + serviceName + "' is in test mode");
            return;
        }
        Thread hook = new Thread(close, "bento-shutdown-" + serviceName);
        Runtime.getRuntime().addShutdownHook(hook);
        thread = hook;
    }

    /** Removes the hook, unless this is the hook's own thread or the JVM is already shutting down. */
    void remove() {
        Thread hook = thread;
        thread = null;
        if (hook == null || Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook will find the runtime closed
        }
    }

    Optional<Thread> thread() {
        return Optional.ofNullable(thread);
    }
}
