package io.updraft.app;

import io.updraft.dag.DagBag;

/** Follows changes to the DAGs: a reload of the DAGs folder, a DAG paused or unpaused. Called on the changer's thread. */
public interface DagListener {

    default void dagsLoaded(DagBag bag) {
    }

    default void pauseChanged(String dagId, boolean paused) {
    }
}
