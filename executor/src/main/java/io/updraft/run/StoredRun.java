package io.updraft.run;

import io.updraft.dag.Dag;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run as the engine loop read it for the decision step, with all the step may need to know of it, so the step
 * reads nothing from the store.
 *
 * @param xcoms the run's XComs that mapped tasks expand over (empty for a run created here)
 * @param previous the run before it when a task depends on the past, else null
 * @param orphaned running or queued instances whose engine process is gone (their try failed with it)
 * @param adopted running or queued instances whose engine process is gone but whose try is still with the remote
 *     workers: this engine takes the try over
 * @param waits the stored waits of sensors (reschedule dates, triggers), by instance
 * @param xcomsBeforeStart instances that hold XComs though their current try has not started (put through the API)
 */
record StoredRun(Dag dag, DagRun run, List<TaskInstance> taskInstances, List<XCom> xcoms, PreviousRun previous,
                 Set<TaskInstanceKey> orphaned, Set<TaskInstanceKey> adopted, Map<TaskInstanceKey, TaskWait> waits,
                 Set<TaskInstanceKey> xcomsBeforeStart) {

    StoredRun(Dag dag, DagRun run, List<TaskInstance> taskInstances, List<XCom> xcoms, PreviousRun previous,
              Set<TaskInstanceKey> orphaned, Set<TaskInstanceKey> adopted) {
        this(dag, run, taskInstances, xcoms, previous, orphaned, adopted, Map.of(), Set.of());
    }

    StoredRun {
        waits = Map.copyOf(waits);
        taskInstances = List.copyOf(taskInstances);
        xcoms = List.copyOf(xcoms);
        orphaned = Set.copyOf(orphaned);
        adopted = Set.copyOf(adopted);
        xcomsBeforeStart = Set.copyOf(xcomsBeforeStart);
    }
}
