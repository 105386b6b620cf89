package io.updraft.rest;

import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunEngine;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.run.TriggerRequest;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What both API versions do to runs through the engine (which owns every state change of a live run), with the
 * engine's failures turned into Airflow's HTTP errors.
 */
@Singleton
public class RunActions {

    /** {@code [scheduler] allowed_run_id_pattern}. */
    public static final Pattern RUN_ID = Pattern.compile("^[A-Za-z0-9_.~:+-]+$");

    private final RunEngine engine;
    private final LoadedDags loadedDags;
    private final DagStore dagStore;
    private final RunStore runStore;

    public RunActions(RunEngine engine, LoadedDags loadedDags, DagStore dagStore, RunStore runStore) {
        this.loadedDags = loadedDags;
        this.dagStore = dagStore;
        this.runStore = runStore;
        this.engine = engine;
    }

    public RunEngine engine() {
        return engine;
    }

    /**
     * The loaded DAG to trigger: 400 when its file now has import errors (the DAG is known but its file no longer
     * loads), 404 when the DAG is unknown or not loaded.
     */
    public Dag triggerableDag(String dagId, String notFound) {
        // the loaded DAGs are exactly the stored, non-stale ones, so the hot trigger path needs no read
        Dag loaded = loadedDags.find(dagId).orElse(null);
        if (loaded != null) {
            if (hasImportError(loaded.fileloc())) {
                throw ApiException.badRequest("DAG with dag_id: '" + dagId + "' has import errors");
            }
            return loaded;
        }
        DagRecord record = dagStore.find(dagId).orElse(null);
        if (record != null && hasImportError(record.fileloc())) {
            throw ApiException.badRequest("DAG with dag_id: '" + dagId + "' has import errors");
        }
        throw ApiException.notFound(notFound);
    }

    private boolean hasImportError(String fileloc) {
        return fileloc != null && loadedDags.hasImportErrors(fileloc);
    }

    /** Creates the queued run; a taken run id or logical date is 409, in v2's unique-constraint shape. */
    public DagRun trigger(Dag dag, TriggerRequest request) {
        try {
            return engine.trigger(dag, request);
        } catch (DuplicateRunException e) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("reason", "Unique constraint violation");
            detail.put("statement", "INSERT INTO dag_run (dag_id, run_id, logical_date, ...) VALUES (?, ?, ?, ...)");
            detail.put("orig_error", e.getMessage());
            detail.put("message", "Serious error when handling your request. Check logs for more details");
            throw new ApiException(409, detail);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    public void deleteRun(DagRun run) {
        await(engine.deleteRun(run.dagId(), run.runId()));
    }

    /** Deletes one task instance through the engine; 404 when the run has no such instance. */
    public void deleteTaskInstance(TaskInstance ti) {
        if (!await(engine.deleteTaskInstance(ti.key()))) {
            throw ApiException.notFound("The Task Instance with dag_id: `" + ti.dagId() + "`, run_id: `"
                    + ti.runId() + "`, task_id: `" + ti.taskId() + "` and map_index: `" + ti.mapIndex()
                    + "` was not found");
        }
    }

    /** Fails the run if it is still queued (a backfill's cancel); a started or finished run is left alone. */
    public DagRun failIfQueued(String dagId, String runId) {
        return await(engine.failIfQueued(dagId, runId));
    }

    public List<TaskInstance> clear(String dagId, String runId, Collection<TaskInstance> tis) {
        if (tis.isEmpty()) {
            return List.of();
        }
        return await(engine.clearTaskInstances(dagId, runId, tis.stream().map(TaskInstance::key).toList()));
    }

    public List<TaskInstance> setState(String dagId, String runId, Collection<TaskInstance> tis, TaskState state) {
        if (tis.isEmpty()) {
            return List.of();
        }
        return await(engine.setTaskInstanceState(dagId, runId, tis.stream().map(TaskInstance::key).toList(), state));
    }

    /**
     * The task instances of a run for the given task ids, widened to their upstream and/or downstream tasks in the
     * DAG as loaded (Airflow's include_upstream / include_downstream).
     *
     * @param mapIndex only this map index of the named tasks; null for every index
     */
    public List<TaskInstance> select(String dagId, String runId, Collection<String> taskIds, Integer mapIndex,
                                     boolean upstream, boolean downstream) {
        Dag dag = loadedDags.find(dagId).orElse(null);
        Set<String> wider = new LinkedHashSet<>();
        for (String taskId : taskIds) {
            if (dag != null && dag.task(taskId) != null) {
                if (upstream) {
                    wider.addAll(dag.closure(taskId, false));
                }
                if (downstream) {
                    wider.addAll(dag.closure(taskId, true));
                }
            }
        }
        wider.removeAll(taskIds);
        List<TaskInstance> selected = new ArrayList<>();
        for (TaskInstance ti : runStore.taskInstances(dagId, runId)) {
            if (taskIds.contains(ti.taskId()) && (mapIndex == null || ti.mapIndex() == mapIndex)
                    || wider.contains(ti.taskId())) {
                selected.add(ti);
            }
        }
        return selected;
    }

    /** The task instances of one run picked for a change of state. */
    public record RunSelection(DagRun run, List<TaskInstance> taskInstances) {
    }

    /**
     * What Airflow's {@code set_task_instance_state} changes: the named tasks (one map index, or every index) in
     * the anchor run, widened to their upstream and/or downstream tasks, and with {@code future} / {@code past}
     * the same in the DAG's runs with a later / earlier logical date.
     */
    public List<RunSelection> selectForState(DagRun anchor, Collection<String> taskIds, Integer mapIndex,
                                             boolean upstream, boolean downstream, boolean future, boolean past) {
        List<DagRun> runs = new ArrayList<>();
        if (future || past) {
            if (anchor.logicalDate() == null) {
                throw ApiException.badRequest("Cannot use include_past or include_future with no logical_date(e.g."
                        + " manually or asset-triggered).");
            }
            for (DagRun run : runStore.findRuns(anchor.dagId(), Set.of(), Integer.MAX_VALUE, 0)) {
                if (run.logicalDate() == null || run.runId().equals(anchor.runId())) {
                    continue;
                }
                int order = run.logicalDate().compareTo(anchor.logicalDate());
                if (future && order > 0 || past && order < 0) {
                    runs.add(run);
                }
            }
            runs.sort(java.util.Comparator.comparing(DagRun::logicalDate));
        }
        runs.add(0, anchor);
        List<RunSelection> selected = new ArrayList<>();
        for (DagRun run : runs) {
            List<TaskInstance> tis = select(run.dagId(), run.runId(), taskIds, mapIndex, upstream, downstream);
            if (!tis.isEmpty()) {
                selected.add(new RunSelection(run, tis));
            }
        }
        return selected;
    }

    /** Sets the state of every selected instance through the engine, run by run. */
    public void setState(List<RunSelection> selection, TaskState state) {
        for (RunSelection one : selection) {
            setState(one.run().dagId(), one.run().runId(), one.taskInstances(), state);
        }
    }

    /** Waits for an engine operation; an unknown run is 404, a refused change 400. */
    public <T> T await(CompletableFuture<T> operation) {
        try {
            return operation.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NoSuchElementException) {
                throw ApiException.notFound(cause.getMessage());
            }
            if (cause instanceof io.updraft.run.StaleStateException) {
                throw ApiException.conflict(cause.getMessage());
            }
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                throw ApiException.badRequest(cause.getMessage());
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new ApiException(503, "The engine did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted");
        }
    }
}
