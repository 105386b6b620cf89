package io.updraft.run;

import io.updraft.dag.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Airflow's depends_on_past and wait_for_downstream, decided over the previous run's task instances. */
final class PastDependencies {

    private PastDependencies() {
    }

    /**
     * @param previousInstances the previous run's instances, or null when the DAG has no run before this one
     * @return whether the instance may run: the same instance succeeded or was skipped in the previous run (and,
     *     with wait_for_downstream, so did the task's direct downstream)
     */
    static boolean met(ActiveRun ar, Task task, TaskInstance ti, List<TaskInstance> previousInstances) {
        if (previousInstances == null) {
            return true;
        }
        Set<String> mustBeDone = new HashSet<>(Set.of(task.taskId()));
        if (task.waitForDownstream()) {
            mustBeDone.addAll(ar.dag().downstream(task.taskId()));
        }
        for (TaskInstance before : previousInstances) {
            boolean sameInstance = before.taskId().equals(task.taskId()) && before.mapIndex() == ti.mapIndex();
            boolean downstream = !before.taskId().equals(task.taskId()) && mustBeDone.contains(before.taskId());
            if ((sameInstance || downstream)
                    && before.state() != TaskState.SUCCESS && before.state() != TaskState.SKIPPED) {
                return false;
            }
        }
        return true;
    }
}
