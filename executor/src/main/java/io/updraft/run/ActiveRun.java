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
        if (taskInstances.put(key, ti) == null) {
            keysByTask.computeIfAbsent(ti.taskId(), id -> new ArrayList<>()).add(key);
        }
    }

    void remove(TaskInstanceKey key) {
        if (taskInstances.remove(key) != null) {
            keysByTask.get(key.taskId()).remove(key);
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
        List<String> ordered = new ArrayList<>();
        for (String taskId : dag.tasks().keySet()) {
            if (candidates.contains(taskId)) {
                ordered.add(taskId);
            }
        }
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
