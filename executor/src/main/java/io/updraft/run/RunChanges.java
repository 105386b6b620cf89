package io.updraft.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of state changes to one or more runs, applied by {@link RunStore#apply} in a single transaction: all of
 * them or none. Each update names the state the row must still be in, so a change made meanwhile by another
 * process is detected instead of overwritten. Every task-instance change is checked against
 * {@link TaskTransitions}. Changes of one row are folded into one write: several updates of a task instance or a run
 * become one UPDATE (expecting the first state, writing the last value), an update of an instance inserted in the
 * same set becomes part of its INSERT, and a delete drops what was pending for the row. Not thread-safe; build it
 * on one thread.
 */
public final class RunChanges {

    /** Replace the stored run by {@code run} if its state is still {@code expectedState}. */
    public record RunUpdate(RunState expectedState, DagRun run) {
    }

    /** Replace the stored task instance by {@code taskInstance} if its state is still {@code expectedState}. */
    public record TaskInstanceUpdate(TaskState expectedState, TaskInstance taskInstance) {
    }

    /** A run to delete with everything that belongs to it. */
    public record RunKey(String dagId, String runId) {
    }

    private final Map<Long, RunUpdate> runUpdates = new LinkedHashMap<>();
    private final Map<TaskInstanceKey, TaskInstanceUpdate> updates = new LinkedHashMap<>();
    private final Map<TaskInstanceKey, TaskInstance> inserts = new LinkedHashMap<>();
    private final List<TaskInstanceKey> deletes = new ArrayList<>();
    private final List<TaskInstanceKey> xcomClears = new ArrayList<>();
    private final List<XCom> xcoms = new ArrayList<>();
    private final List<TaskInstance> tries = new ArrayList<>();
    private final List<TaskInstanceKey> triesDeletes = new ArrayList<>();
    private final List<RunKey> runDeletes = new ArrayList<>();
    private final Map<String, TaskWait> waits = new LinkedHashMap<>();
    private final List<String> waitDeletes = new ArrayList<>();
    private Long fencedBy;
    private boolean checksPools;

    /** Makes the commit check that {@code ownerJobId} still owns every run these changes touch (see RunLeases). */
    public RunChanges fencedBy(Long ownerJobId) {
        this.fencedBy = ownerJobId;
        return this;
    }

    public Long fencedBy() {
        return fencedBy;
    }

    /**
     * Makes the commit check, under each pool's row lock, that the pools these changes start tries in are not over
     * their slots across every engine sharing the store.
     */
    public RunChanges checkingPools() {
        this.checksPools = true;
        return this;
    }

    public boolean checksPools() {
        return checksPools;
    }

    /** The pools in which these changes start tries (queued or running from another state), sorted. */
    public java.util.SortedSet<String> poolsEntered() {
        java.util.SortedSet<String> pools = new java.util.TreeSet<>();
        for (TaskInstanceUpdate update : updates.values()) {
            if (TaskState.EXECUTING.contains(update.taskInstance().state())
                    && !TaskState.EXECUTING.contains(update.expectedState())) {
                pools.add(update.taskInstance().pool());
            }
        }
        inserts.values().stream().filter(ti -> TaskState.EXECUTING.contains(ti.state()))
                .forEach(ti -> pools.add(ti.pool()));
        return pools;
    }

    /** Every run these changes write to. */
    public java.util.Set<RunKey> touchedRuns() {
        java.util.Set<RunKey> runs = new java.util.LinkedHashSet<>();
        runUpdates.values().forEach(update -> runs.add(new RunKey(update.run().dagId(), update.run().runId())));
        updates.keySet().forEach(key -> runs.add(new RunKey(key.dagId(), key.runId())));
        inserts.keySet().forEach(key -> runs.add(new RunKey(key.dagId(), key.runId())));
        deletes.forEach(key -> runs.add(new RunKey(key.dagId(), key.runId())));
        xcoms.forEach(xcom -> runs.add(new RunKey(xcom.dagId(), xcom.runId())));
        tries.forEach(ti -> runs.add(new RunKey(ti.dagId(), ti.runId())));
        waits.values().forEach(wait -> runs.add(new RunKey(wait.key().dagId(), wait.key().runId())));
        runs.removeAll(runDeletes);
        return runs;
    }

    public RunChanges updateRun(RunState expectedState, DagRun run) {
        RunUpdate earlier = runUpdates.get(run.id());
        runUpdates.put(run.id(), new RunUpdate(earlier == null ? expectedState : earlier.expectedState(), run));
        return this;
    }

    /** @throws IllegalStateException when the change is not one {@link TaskTransitions} allows */
    public RunChanges update(TaskState expectedState, TaskInstance taskInstance) {
        TaskTransitions.check(expectedState, taskInstance);
        TaskInstanceKey key = taskInstance.key();
        if (inserts.containsKey(key)) {
            inserts.put(key, taskInstance);
            return this;
        }
        TaskInstanceUpdate earlier = updates.get(key);
        updates.put(key, new TaskInstanceUpdate(earlier == null ? expectedState : earlier.expectedState(),
                taskInstance));
        return this;
    }

    /** A new task instance of an existing run (dynamic task mapping). */
    public RunChanges insert(TaskInstance taskInstance) {
        inserts.put(taskInstance.key(), taskInstance);
        return this;
    }

    /** Removes a task instance row (a mapped placeholder replaced by its expansion, or one deleted by hand). */
    public RunChanges delete(TaskInstanceKey key) {
        updates.remove(key);
        if (inserts.remove(key) == null) {
            deletes.add(key);
        }
        return this;
    }

    /** Deletes every XCom of a task instance (done before it runs again); drops the ones put before in this set. */
    public RunChanges clearXComs(TaskInstanceKey key) {
        xcoms.removeIf(xcom -> xcom.dagId().equals(key.dagId()) && xcom.runId().equals(key.runId())
                && xcom.taskId().equals(key.taskId()) && xcom.mapIndex() == key.mapIndex());
        xcomClears.add(key);
        return this;
    }

    /** Stores an XCom, replacing one with the same task instance and key. */
    public RunChanges putXCom(XCom xcom) {
        xcoms.removeIf(other -> other.dagId().equals(xcom.dagId()) && other.runId().equals(xcom.runId())
                && other.taskId().equals(xcom.taskId()) && other.mapIndex() == xcom.mapIndex()
                && other.key().equals(xcom.key()));
        xcoms.add(xcom);
        return this;
    }

    /** Stores a sensor's wait (table task_wait), replacing the instance's earlier one. */
    public RunChanges putWait(TaskWait wait) {
        waitDeletes.remove(wait.taskInstanceId());
        waits.put(wait.taskInstanceId(), wait);
        return this;
    }

    /** Deletes the wait of a task instance (by its id), if any. */
    public RunChanges deleteWait(String taskInstanceId) {
        waits.remove(taskInstanceId);
        waitDeletes.add(taskInstanceId);
        return this;
    }

    /** Records a try that a new one replaces in the task instance history (Airflow's task_instance_history). */
    public RunChanges recordTry(TaskInstance finishedTry) {
        tries.add(finishedTry);
        return this;
    }

    /** Deletes the recorded tries of a task instance, with those recorded before in this set. */
    public RunChanges deleteTries(TaskInstanceKey key) {
        tries.removeIf(ti -> ti.key().equals(key));
        triesDeletes.add(key);
        return this;
    }

    /** Deletes a run with its task instances, tries and XComs; drops every change of it pending in this set. */
    public RunChanges deleteRun(String dagId, String runId) {
        RunKey run = new RunKey(dagId, runId);
        runUpdates.values().removeIf(update -> belongs(update.run(), run));
        updates.keySet().removeIf(key -> belongs(key, run));
        inserts.keySet().removeIf(key -> belongs(key, run));
        deletes.removeIf(key -> belongs(key, run));
        xcomClears.removeIf(key -> belongs(key, run));
        xcoms.removeIf(xcom -> xcom.dagId().equals(dagId) && xcom.runId().equals(runId));
        tries.removeIf(ti -> belongs(ti.key(), run));
        triesDeletes.removeIf(key -> belongs(key, run));
        runDeletes.add(run);
        return this;
    }

    private static boolean belongs(TaskInstanceKey key, RunKey run) {
        return key.dagId().equals(run.dagId()) && key.runId().equals(run.runId());
    }

    private static boolean belongs(DagRun other, RunKey run) {
        return other.dagId().equals(run.dagId()) && other.runId().equals(run.runId());
    }

    public List<RunUpdate> runUpdates() { return List.copyOf(runUpdates.values()); }
    public List<TaskInstanceUpdate> updates() { return List.copyOf(updates.values()); }
    public List<TaskInstance> inserts() { return List.copyOf(inserts.values()); }
    public List<TaskInstanceKey> deletes() { return deletes; }
    public List<TaskInstanceKey> xcomClears() { return xcomClears; }
    public List<XCom> xcoms() { return xcoms; }
    public List<TaskInstance> tries() { return tries; }
    public List<TaskInstanceKey> triesDeletes() { return triesDeletes; }
    public List<RunKey> runDeletes() { return runDeletes; }
    public List<TaskWait> waits() { return List.copyOf(waits.values()); }
    public List<String> waitDeletes() { return waitDeletes; }

    public boolean isEmpty() {
        return runUpdates.isEmpty() && updates.isEmpty() && inserts.isEmpty() && deletes.isEmpty()
                && xcomClears.isEmpty() && xcoms.isEmpty() && tries.isEmpty() && triesDeletes.isEmpty()
                && runDeletes.isEmpty() && waits.isEmpty() && waitDeletes.isEmpty();
    }
}
