package io.updraft.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets the engine stop a running try (execution_timeout, shutdown) from another thread. The code running the try
 * registers what to do on kill (destroy a process, interrupt a loop). Thread-safe.
 */
public final class KillSwitch {

    private final List<Runnable> onKill = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Kills once; later calls do nothing. */
    public void kill(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        onKill.forEach(Runnable::run);
    }

    /** Registers an action to run on kill; runs it at once if the try was already killed. */
    public void onKill(Runnable action) {
        onKill.add(action);
        if (reason != null) {
            action.run();
        }
    }

    public boolean isKilled() {
        return reason != null;
    }

    /** Why the try was killed, or null. */
    public String reason() {
        return reason;
    }
}
