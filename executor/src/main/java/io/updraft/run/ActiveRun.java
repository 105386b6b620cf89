package io.updraft.run;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.dag.XComArg;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's in-memory copy of one unfinished run: the run row, its task instances, and which tasks need their
 * dependencies evaluated again. Every change is also written to the store; this copy only saves reading it back.
 * Confined to the engine thread.
 */
final class ActiveRun {

    private final Dag dag;
    private DagRun run;
    private final Map<TaskInstanceKey, TaskInstance> taskInstances = new LinkedHashMap<>();
    private final Map<String, List<TaskInstanceKey>> keysByTask = new HashMap<>();
    /**
     * For each task, how the instances of its direct upstream tasks stand, kept as instances change: a task with a
     * thousand upstream tasks is evaluated after each of their ends, and counting them all each time made a wide
     * fan-in quadratic.
     */
    private final Map<String, UpstreamTally> upstreamTallies = new HashMap<>();
    /** Tasks whose instances may have become ready or settled since they were last evaluated. */
    private final Set<String> candidates = new LinkedHashSet<>();
    /** Expanded arguments of mapped tasks, by task id, in map-index order. */
    private final Map<String, List<Map<String, Object>>> expansions = new HashMap<>();
    /**
     * The XComs a mapped task of this DAG expands over, by task id and key, then map index (-1 unmapped): kept in
     * memory (pushed by tries that ended here, or loaded with the run) so expanding reads no store.
     */
    private final Map<String, java.util.TreeMap<Integer, Object>> expandedXComs = new HashMap<>();
    private final Set<String> expandedXComKeys;
    /** Instances given XComs through the API before their try started: the try clears them when it starts. */
    private final Set<TaskInstanceKey> xcomsBeforeStart = new HashSet<>();
    /** The run before this one, for depends_on_past; null when there is none or no task depends on the past. */
    private PreviousRun previous;
    private int executing;
    private boolean waitsOnPastRuns;
    private boolean deleted;

    /** Told when the run gets tasks to evaluate, so the engine visits only those runs. */
    private final Set<ActiveRun> dirtyRuns;

    ActiveRun(Dag dag, DagRun run, Collection<TaskInstance> instances, Set<ActiveRun> dirtyRuns) {
        this.dag = dag;
        this.run = run;
        this.dirtyRuns = dirtyRuns;
        this.expandedXComKeys = expandedXComKeys(dag);
        instances.forEach(this::put);
        markCandidates(dag.tasks().keySet());
    }

    Dag dag() {
        return dag;
    }

    DagRun run() {
        return run;
    }

    void setRun(DagRun newRun) {
        run = newRun;
    }

    TaskInstance get(TaskInstanceKey key) {
        return taskInstances.get(key);
    }

    Collection<TaskInstance> taskInstances() {
        return taskInstances.values();
    }

    /** Instances of one task: one, or one per map index once a mapped task is expanded. */
    List<TaskInstance> instancesOf(String taskId) {
        List<TaskInstance> result = new ArrayList<>();
        for (TaskInstanceKey key : keysByTask.getOrDefault(taskId, List.of())) {
            result.add(taskInstances.get(key));
        }
        return result;
    }

    void put(TaskInstance ti) {
        TaskInstanceKey key = ti.key();
        TaskInstance before = taskInstances.put(key, ti);
        if (before == null) {
            List<TaskInstanceKey> keys = keysByTask.computeIfAbsent(ti.taskId(), id -> new ArrayList<>());
            keys.add(key);
            tally(ti.taskId(), null, ti.state(), keys.size() > 1 ? 1 : 0);
        } else if (before.state() != ti.state()) {
            tally(ti.taskId(), before.state(), ti.state(), 0);
        }
    }

    void remove(TaskInstanceKey key) {
        TaskInstance removed = taskInstances.remove(key);
        if (removed != null) {
            List<TaskInstanceKey> keys = keysByTask.get(key.taskId());
            keys.remove(key);
            tally(key.taskId(), removed.state(), null, keys.isEmpty() ? 0 : -1);
        }
    }

    /**
     * Upstream states of {@code task}'s instances: its direct upstream tasks' instances by state. U comes from the
     * DAG, as Airflow's {@code len(upstream_task_ids)}: an upstream task whose instance is missing (deleted by hand)
     * counts as not done, so its downstream waits and the run deadlocks rather than running past it. A mapped
     * upstream counts its instances, as Airflow counts a mapped upstream's rows, and at least one (its placeholder
     * before expansion).
     */
    UpstreamCounts upstreamCounts(Task task) {
        UpstreamTally tally = upstreamTallies.computeIfAbsent(task.taskId(), id -> new UpstreamTally());
        int success = tally.count(TaskState.SUCCESS);
        int skipped = tally.count(TaskState.SKIPPED);
        int failed = tally.count(TaskState.FAILED);
        int upstreamFailed = tally.count(TaskState.UPSTREAM_FAILED);
        int removed = tally.count(TaskState.REMOVED);
        return UpstreamCounts.of(task.upstream().size() + tally.mappedExtra, success, skipped, failed,
                upstreamFailed, removed, success + skipped + failed + upstreamFailed + removed);
    }

    /**
     * Tells the downstream tasks of {@code taskId} that one of its instances left state {@code from} (null: it is
     * new) for {@code to} (null: it is gone), and by how much a mapped task's count beyond one changed.
     */
    private void tally(String taskId, TaskState from, TaskState to, int mappedDelta) {
        Set<String> downstream = dag.downstream(taskId);
        if (downstream == null) {
            return; // an instance of a task this DAG version no longer has
        }
        boolean mapped = mappedDelta != 0 && dag.task(taskId).isMapped();
        for (String downstreamId : downstream) {
            UpstreamTally tally = upstreamTallies.computeIfAbsent(downstreamId, id -> new UpstreamTally());
            if (from != null) {
                tally.byState[from.ordinal()]--;
            }
            if (to != null) {
                tally.byState[to.ordinal()]++;
            }
            if (mapped) {
                tally.mappedExtra += mappedDelta;
            }
        }
    }

    /** The instances of one task's direct upstream tasks: how many are in each state, and beyond one per task. */
    private static final class UpstreamTally {
        final int[] byState = new int[TaskState.values().length];
        /** Over the mapped upstream tasks: their instances beyond the one each counts for at least. */
        int mappedExtra;

        int count(TaskState state) {
            return byState[state.ordinal()];
        }
    }

    Task task(TaskInstanceKey key) {
        return dag.task(key.taskId());
    }

    void markCandidate(String taskId) {
        if (candidates.add(taskId)) {
            dirtyRuns.add(this);
        }
    }

    void markCandidates(Collection<String> taskIds) {
        if (candidates.addAll(taskIds)) {
            dirtyRuns.add(this);
        }
    }

    /** Takes the tasks to evaluate, in the DAG's topological order. */
    List<String> takeCandidates() {
        List<String> ordered = new ArrayList<>(candidates.size());
        for (String taskId : candidates) {
            if (dag.position(taskId) >= 0) {
                ordered.add(taskId);
            }
        }
        ordered.sort(java.util.Comparator.comparingInt(dag::position));
        candidates.clear();
        return ordered;
    }

    boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    private static Set<String> expandedXComKeys(Dag dag) {
        Set<String> keys = new java.util.HashSet<>();
        for (Task task : dag.tasks().values()) {
            if (task.isMapped()) {
                task.expand().values().stream().filter(XComArg.class::isInstance).map(XComArg.class::cast)
                        .forEach(reference -> keys.add(xcomId(reference.taskId(), reference.key())));
            }
        }
        return keys;
    }

    private static String xcomId(String taskId, String key) {
        return taskId + "\u0000" + key;
    }

    /** An XCom was put for an instance outside its tries (through the API). */
    void xcomPut(TaskInstanceKey key) {
        xcomsBeforeStart.add(key);
    }

    /**
     * Whether the first start of a scheduled try must clear the instance's XComs: an earlier try may have pushed
     * some (the try number counts from 1 at scheduling), or some were put through the API. Saves a delete per try
     * on the engine's hottest path.
     */
    boolean takeXComsToClear(TaskInstance scheduled) {
        return xcomsBeforeStart.remove(scheduled.key()) || scheduled.tryNumber() > 1;
    }

    /** Keeps an XCom's value when a mapped task of the DAG expands over it. */
    void rememberXCom(String taskId, int mapIndex, String key, Object value) {
        String id = xcomId(taskId, key);
        if (expandedXComKeys.contains(id)) {
            expandedXComs.computeIfAbsent(id, k -> new java.util.TreeMap<>()).put(mapIndex, value);
        }
    }

    /** Forgets the XComs of a task instance (it runs again). */
    void forgetXComs(String taskId, int mapIndex) {
        for (String key : expandedXComKeys) {
            if (key.startsWith(taskId + "\u0000") && expandedXComs.containsKey(key)) {
                expandedXComs.get(key).remove(mapIndex);
            }
        }
    }

    /**
     * An XCom an expansion refers to, as Airflow's {@code xcom_pull} returns it: the unmapped value, or the values
     * of every map index in order; null when there is none.
     */
    Object pullXCom(XComArg reference) {
        java.util.TreeMap<Integer, Object> byIndex = expandedXComs.get(xcomId(reference.taskId(), reference.key()));
        if (byIndex == null || byIndex.isEmpty()) {
            return null;
        }
        if (byIndex.containsKey(-1)) {
            return byIndex.get(-1);
        }
        return new ArrayList<>(byIndex.values());
    }

    PreviousRun previous() {
        return previous;
    }

    void setPrevious(PreviousRun previous) {
        this.previous = previous;
    }

    /** Whether any task of the DAG depends on the past (depends_on_past or wait_for_downstream). */
    boolean dependsOnPast() {
        return dag.tasks().values().stream().anyMatch(Task::dependsOnPast);
    }

    Map<String, List<Map<String, Object>>> expansions() {
        return expansions;
    }

    /** Task instances of this run counted against max_active_tasks (queued or running). */
    int executing() {
        return executing;
    }

    void addExecuting(int delta) {
        executing += delta;
    }

    boolean waitsOnPastRuns() {
        return waitsOnPastRuns;
    }

    void setWaitsOnPastRuns(boolean value) {
        waitsOnPastRuns = value;
    }

    void markDeleted() {
        deleted = true;
    }

    boolean isDeleted() {
        return deleted;
    }

    boolean isUnfinished() {
        return !run.state().isFinished();
    }
}
