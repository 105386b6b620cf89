package io.updraft.app;

/** Where code that follows the DAGs registers (the scheduler, the web UI's live events). */
@FunctionalInterface
public interface DagListeners {

    void addListener(DagListener listener);
}
