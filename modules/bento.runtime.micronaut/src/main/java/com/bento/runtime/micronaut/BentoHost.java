package com.bento.runtime.micronaut;

import com.bento.runtime.ModuleDescriptor;
import com.bento.spi.Providers;
import com.bento.runtime.BentoRuntime;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import com.bento.spi.RequestListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the host knows while it runs: the runtime, which controllers it serves and which it must
 * not, the requests in flight and whether it drains for a shutdown. A bean of the context.
 */
public final class BentoHost {
    private static final Logger LOG = LoggerFactory.getLogger(BentoHost.class);
    private final BentoRuntime runtime;
    private final Set<Class<?>> served;
    private final Set<Class<?>> blocked;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger pendingWrites = new AtomicInteger();
    private final Object drainLock = new Object();
    private volatile boolean draining;
    private final List<RequestListener> requestListeners;

    BentoHost(BentoRuntime runtime) {
        this.runtime = runtime;
        this.requestListeners = new java.util.concurrent.CopyOnWriteArrayList<>(
                Providers.load(ServiceLoader.load(RequestListener.class), RequestListener.class));
        this.served = new HashSet<>();
        runtime.moduleDescriptors().forEach(m -> served.addAll(m.controllers()));
        this.blocked = new HashSet<>();
        for (ModuleDescriptor m : runtime.modulesNotLoaded()) {
            for (Class<?> c : m.controllers()) {
                if (!served.contains(c)) {
                    blocked.add(c);
                }
            }
        }
    }

    /** Reports a completed request to every listener; a listener's failure is logged, never thrown. */
    void completed(RequestListener.Request request) {
        for (RequestListener l : requestListeners) {
            try {
                l.requestCompleted(request);
            } catch (RuntimeException e) {
                LOG.warn("Request listener {} failed", l.getClass().getName(), e);
            }
        }
    }

    void addRequestListener(RequestListener listener) {
        requestListeners.add(listener);
    }

    boolean hasRequestListeners() {
        return !requestListeners.isEmpty();
    }

    /** Nanoseconds spent bridging the container into Micronaut (bean definitions, repositories). */
    private final AtomicLong bridgeNanos = new AtomicLong();

    void addBridgeTime(long nanos) {
        bridgeNanos.addAndGet(nanos);
    }

    /** @return how long bridging the container's entries into Micronaut's bean context took */
    public java.time.Duration bridgeTime() {
        return java.time.Duration.ofNanos(bridgeNanos.get());
    }

    private volatile @Nullable BeanPreload preload;

    void preloaded(@Nullable BeanPreload preload) {
        this.preload = preload;
    }

    /** @return what preloading Micronaut's bean definitions beside the runtime's build did, once it finished */
    Optional<BeanPreload.Done> preload() {
        BeanPreload p = preload;
        return p == null ? Optional.empty() : p.result();
    }

    /** @return the Bento runtime this host serves */
    public BentoRuntime runtime() {
        return runtime;
    }

    /** @return whether a route declared by this class must not be served (its module is not loaded) */
    boolean blocked(Class<?> controller) {
        for (Class<?> c = controller; c != null && c != Object.class; c = c.getSuperclass()) {
            if (blocked.contains(c)) {
                return true; // a controller with around advice is served by a generated subclass
            }
        }
        return false;
    }

    /** @return whether any route must be refused: when false the filter skips the route lookup */
    boolean blocksAny() {
        return !blocked.isEmpty();
    }

    Set<Class<?>> served() {
        return served;
    }

    /** @return whether the host is draining for a shutdown: readiness is down and new requests are refused */
    public boolean draining() {
        return draining;
    }

    /** @return requests being served right now */
    public int inFlight() {
        return inFlight.get();
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestFinished() {
        inFlight.decrementAndGet();
        wakeDrain();
    }

    /** A write entered a connection's pipeline: the bytes of a response are on their way to the socket. */
    void writeStarted() {
        pendingWrites.incrementAndGet();
    }

    /** A write reached the socket, or failed because the connection closed. */
    void writeFinished() {
        pendingWrites.decrementAndGet();
        wakeDrain();
    }

    private void wakeDrain() {
        if (draining && inFlight.get() <= 0 && pendingWrites.get() <= 0) {
            synchronized (drainLock) {
                drainLock.notifyAll();
            }
        }
    }

    /**
     * Turns readiness down and waits, at most {@code timeout}, until no request is being served and
     * no response is still being written to its connection. A request counts from the filter until
     * Micronaut hands its whole response to Netty, and each write counts until Netty has put its
     * bytes on the socket; the two overlap, so there is no moment in between that looks idle.
     *
     * @return requests and writes still unfinished when the timeout passed, 0 when all finished
     */
    int drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drainLock) {
            while (inFlight.get() > 0 || pendingWrites.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    drainLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return Math.max(0, inFlight.get()) + Math.max(0, pendingWrites.get());
    }
}
