package io.updraft.dag;

/** Pauses and unpauses DAGs, and tells the scheduler. */
@FunctionalInterface
public interface Pausing {

    /** @return false when there is no such DAG */
    boolean setPaused(String dagId, boolean paused);
}
