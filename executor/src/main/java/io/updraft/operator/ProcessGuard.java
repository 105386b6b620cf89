package io.updraft.operator;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Holds the process of a running operator so that a kill from another thread ends it, even when the kill comes
 * before the process has started. Thread-safe.
 */
final class ProcessGuard {

    private KillableProcess current;
    private boolean killed;

    synchronized <P extends KillableProcess> P start(Callable<P> starter) throws Exception {
        if (killed) {
            throw new IOException("the task was killed before its process started");
        }
        P started = starter.call();
        current = started;
        return started;
    }

    synchronized void kill() {
        killed = true;
        if (current != null) {
            current.kill();
        }
    }
}
