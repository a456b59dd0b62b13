package com.bento.runtime.micronaut;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a handler for a POSIX signal through {@code sun.misc.Signal} (module jdk.unsupported),
 * reached reflectively so that the build stays free of internal-API warnings. Where the API or the
 * signal is missing, nothing is installed and the JVM shutdown hook still stops the application.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    static boolean handle(String name, Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            Thread t = new Thread(action, "bento-signal-" + name);
                            t.start();
                            return null;
                        }
                        if (method.getName().equals("toString")) {
                            return "bento signal handler " + name;
                        }
                        if (method.getName().equals("hashCode")) {
                            return System.identityHashCode(proxy);
                        }
                        return method.getName().equals("equals") && args != null && proxy == args[0];
                    });
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("Cannot handle SIG{}; the JVM shutdown hook stops the application instead", name, e);
            return false;
        }
    }
}
