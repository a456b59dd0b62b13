package com.bento.events;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The thread that delivers the outbox: woken after each commit that stored events, and every poll
 * interval otherwise (for retries that fell due, and rows other instances stored).
 */
final class Relay {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    private final DefaultEventBus bus;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    Relay(DefaultEventBus bus) {
        this.bus = bus;
        this.thread = new Thread(this::loop, "bento-events-relay");
        this.thread.setDaemon(true);
        bus.onStored(this::wake);
    }

    void start() {
        thread.start();
    }

    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        long failures = 0;
        long nextPurge = System.nanoTime();
        while (running) {
            try {
                bus.deliverDue();
                failures = 0;
                if (System.nanoTime() - nextPurge >= 0) { // delivered rows and applied-event records past their retention, at most hourly
                    int purged = bus.purgeExpired();
                    if (purged > 0) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "Deleted " + purged + " delivered outbox rows and applied-event records past their retention");
                    }
                    nextPurge = System.nanoTime() + java.util.concurrent.TimeUnit.HOURS.toNanos(1);
                }
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || failures % 100 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "The event relay failed (" + failures + " time(s) in a row); it retries"
                            + " every poll: " + e.getMessage(), e);
                }
            }
            try {
                if (wake.tryAcquire(bus.settings().pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the thread: a delivery under way ends first (its transaction commits or rolls back). */
    void close() throws InterruptedException {
        running = false;
        wake.release();
        thread.join(10_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
