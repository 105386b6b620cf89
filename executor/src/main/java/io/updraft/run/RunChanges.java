package io.updraft.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of state changes to one or more runs, applied by {@link RunStore#apply} in a single transaction: all of
 * them or none. Each update names the state the row must still be in, so a change made meanwhile by another
 * process is detected instead of overwritten. Not thread-safe; build it on one thread.
 */
public final class RunChanges {

    /** Replace the stored run by {@code run} if its state is still {@code expectedState}. */
    public record RunUpdate(RunState expectedState, DagRun run) {
    }

    /** Replace the stored task instance by {@code taskInstance} if its state is still {@code expectedState}. */
    public record TaskInstanceUpdate(TaskState expectedState, TaskInstance taskInstance) {
    }

    private final List<RunUpdate> runUpdates = new ArrayList<>();
    private final List<TaskInstanceUpdate> updates = new ArrayList<>();
    private final List<TaskInstance> inserts = new ArrayList<>();
    private final List<TaskInstanceKey> deletes = new ArrayList<>();
    private final List<TaskInstanceKey> xcomClears = new ArrayList<>();
    private final List<XCom> xcoms = new ArrayList<>();
    private final List<TaskInstance> tries = new ArrayList<>();

    public RunChanges updateRun(RunState expectedState, DagRun run) {
        runUpdates.add(new RunUpdate(expectedState, run));
        return this;
    }

    public RunChanges update(TaskState expectedState, TaskInstance taskInstance) {
        updates.add(new TaskInstanceUpdate(expectedState, taskInstance));
        return this;
    }

    /** A new task instance of an existing run (dynamic task mapping). */
    public RunChanges insert(TaskInstance taskInstance) {
        inserts.add(taskInstance);
        return this;
    }

    /** Removes a task instance row (a mapped placeholder replaced by its expansion). */
    public RunChanges delete(TaskInstanceKey key) {
        deletes.add(key);
        return this;
    }

    /** Deletes every XCom of a task instance (done before it runs again). */
    public RunChanges clearXComs(TaskInstanceKey key) {
        xcomClears.add(key);
        return this;
    }

    /** Stores an XCom, replacing one with the same task instance and key. */
    public RunChanges putXCom(XCom xcom) {
        xcoms.add(xcom);
        return this;
    }

    /** Records a finished try in the task instance history (Airflow's task_instance_history). */
    public RunChanges recordTry(TaskInstance finishedTry) {
        tries.add(finishedTry);
        return this;
    }

    public List<RunUpdate> runUpdates() { return runUpdates; }
    public List<TaskInstanceUpdate> updates() { return updates; }
    public List<TaskInstance> inserts() { return inserts; }
    public List<TaskInstanceKey> deletes() { return deletes; }
    public List<TaskInstanceKey> xcomClears() { return xcomClears; }
    public List<XCom> xcoms() { return xcoms; }
    public List<TaskInstance> tries() { return tries; }

    public boolean isEmpty() {
        return runUpdates.isEmpty() && updates.isEmpty() && inserts.isEmpty() && deletes.isEmpty()
                && xcomClears.isEmpty() && xcoms.isEmpty() && tries.isEmpty();
    }
}
