package io.updraft.operator;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Holds the process of a running operator so that a kill from another thread ends it, even when the kill comes
 * before the process has started. Thread-safe.
 */
final class ProcessGuard {

    private Subprocess current;
    private boolean killed;

    synchronized Subprocess start(Callable<Subprocess> starter) throws Exception {
        if (killed) {
            throw new IOException("the task was killed before its process started");
        }
        current = starter.call();
        return current;
    }

    synchronized void kill() {
        killed = true;
        if (current != null) {
            current.kill();
        }
    }
}
