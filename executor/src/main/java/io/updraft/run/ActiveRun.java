package io.updraft.run;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** XComs of unmapped instances pushed by tries that ended in this engine: read before they are committed. */
    private final Map<String, Object> rememberedXComs = new HashMap<>();
    private int executing;
    private boolean waitsOnPastRuns;
    private boolean deleted;

    /** Told when the run gets tasks to evaluate, so the engine visits only those runs. */
    private final Set<ActiveRun> dirtyRuns;

    ActiveRun(Dag dag, DagRun run, Collection<TaskInstance> instances, Set<ActiveRun> dirtyRuns) {
        this.dag = dag;
        this.run = run;
        this.dirtyRuns = dirtyRuns;
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

    void rememberXCom(String taskId, int mapIndex, String key, Object value) {
        if (mapIndex < 0) {
            rememberedXComs.put(taskId + "\u0000" + key, value);
        }
    }

    Optional<Object> rememberedXCom(String taskId, String key) {
        String id = taskId + "\u0000" + key;
        return rememberedXComs.containsKey(id) ? Optional.ofNullable(rememberedXComs.get(id)) : Optional.empty();
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
