package io.updraft.run;

import java.util.List;

/**
 * The run before a run of a DAG whose tasks depend on the past, with its task instances as they were when read: a
 * run the engine still holds is read live instead.
 */
record PreviousRun(long id, List<TaskInstance> taskInstances) {

    PreviousRun {
        taskInstances = List.copyOf(taskInstances);
    }
}
