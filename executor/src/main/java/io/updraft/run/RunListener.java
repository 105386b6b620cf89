package io.updraft.run;

import java.util.List;

/**
 * Told about run and task-instance states the engine has just committed (live views such as the web UI). Called on
 * the engine thread after each commit, so it must return at once: hand the values to another thread.
 */
@FunctionalInterface
public interface RunListener {

    /**
     * @param runs runs created or changed in the commit, as stored
     * @param taskInstances task instances created or changed in the commit, as stored
     */
    void committed(List<DagRun> runs, List<TaskInstance> taskInstances);
}
