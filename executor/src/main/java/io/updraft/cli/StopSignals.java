package io.updraft.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, which the command's own thread carries out in order before the JVM
 * exits, instead of the JVM's default (run every shutdown hook at once, in no defined order).
 *
 * <p>Why: H2 closes an embedded database from its own shutdown hook, and {@code AUTO_SERVER=TRUE} (which lets the
 * CLI open the store beside a running service) forbids {@code DB_CLOSE_ON_EXIT=FALSE} (h2database#3773); no system
 * property turns that hook off. Racing it, the engine's last writes (tries handed back, the job's end) failed with
 * "Database is already closed". Taking the signal ourselves, the service stops HTTP, Quartz, the engine and then
 * the store, and only then does {@code System.exit} run the hooks, H2's finding nothing open. A second signal
 * exits at once (the JVM's default behaviour).
 */
final class StopSignals {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();

    private StopSignals() {
    }

    /** Takes over SIGTERM and SIGINT for the rest of the process's life. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> signals.received(signal));
        }
        return signals;
    }

    private void received(Signal signal) {
        if (received.incrementAndGet() == 1) {
            System.err.println("Received SIG" + signal.getName() + ": stopping (send it again to exit at once)");
            requested.countDown();
        } else {
            System.exit(128 + signal.getNumber());
        }
    }

    /** Opens when a stop is requested. */
    CountDownLatch latch() {
        return requested;
    }

    /** Waits until a stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits up to the given time; true when a stop is requested. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return requested.await(timeout, unit);
    }
}
