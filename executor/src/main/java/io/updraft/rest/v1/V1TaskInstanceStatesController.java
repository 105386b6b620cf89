package io.updraft.rest.v1;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Query;
import io.updraft.rest.RunActions;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Airflow 2's state changes of task instances: {@code POST /dags/{dag_id}/updateTaskInstancesState} and
 * {@code PATCH .../taskInstances/{task_id}}, answering TaskInstanceReferences; both default to a dry run, as in
 * Airflow 2. They select and change through {@link RunActions}, as the v2 endpoints do.
 */
@Controller("/api/v1/dags/{dag_id}")
public class V1TaskInstanceStatesController {

    private static final Set<String> NEW_STATES = Set.of("success", "failed", "skipped");

    private final V1Lookup lookup;
    private final RunActions actions;
    private final LoadedDags loadedDags;
    private final RunStore runStore;

    public V1TaskInstanceStatesController(V1Lookup lookup, RunActions actions, LoadedDags loadedDags,
                                          RunStore runStore) {
        this.lookup = lookup;
        this.loadedDags = loadedDags;
        this.runStore = runStore;
        this.actions = actions;
    }

    /** Sets the state of a task's instance, with its relatives and in later/earlier runs on request. */
    @Post("/updateTaskInstancesState")
    public Map<String, Object> updateTaskInstancesState(@PathVariable("dag_id") String dagId,
                                                        @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        boolean dryRun = bool(body, "dry_run", true);
        String taskId = requiredString(body, "task_id");
        TaskState state = newState(body);
        String runId = string(body, "dag_run_id");
        String executionText = string(body, "execution_date");
        if ((runId == null) == (executionText == null)) {
            throw schemaError("Exactly one of execution_date or dag_run_id must be provided");
        }
        boolean upstream = bool(body, "include_upstream", false);
        boolean downstream = bool(body, "include_downstream", false);
        boolean future = bool(body, "include_future", false);
        boolean past = bool(body, "include_past", false);
        Dag dag = loadedDags.find(dagId).orElseThrow(() -> new ApiException(404, "Not Found",
                "Dag ID " + dagId + " not found"));
        if (dag.task(taskId) == null) {
            throw new ApiException(404, "Not Found", "Task ID " + taskId + " not found");
        }
        DagRun run;
        if (executionText != null) {
            Instant executionDate = Dates.parse(executionText);
            if (executionDate == null) {
                throw fieldError("execution_date", "Not a valid datetime.");
            }
            run = runAt(dagId, executionDate).filter(r -> hasInstance(r, taskId)).orElseThrow(() -> new ApiException(
                    404, "Not Found", "Task instance not found for task '" + taskId + "' on execution_date "
                    + Dates.iso(executionDate)));
        } else {
            run = runStore.findRun(dagId, runId).filter(r -> hasInstance(r, taskId))
                    .orElseThrow(() -> new ApiException(404, "Not Found", "Task instance not found for task '"
                            + taskId + "' on DAG run with ID '" + runId + "'"));
        }
        List<RunActions.RunSelection> selection = actions.selectForState(run, List.of(taskId), null, upstream,
                downstream, future, past);
        // Airflow changes, and reports, only the instances not already in the new state
        List<RunActions.RunSelection> changing = new ArrayList<>();
        for (RunActions.RunSelection one : selection) {
            List<TaskInstance> tis = one.taskInstances().stream().filter(ti -> ti.state() != state).toList();
            if (!tis.isEmpty()) {
                changing.add(new RunActions.RunSelection(one.run(), tis));
            }
        }
        if (!dryRun) {
            actions.setState(changing, state);
        }
        List<Map<String, Object>> references = new ArrayList<>();
        for (RunActions.RunSelection one : changing) {
            one.taskInstances().forEach(ti -> references.add(reference(ti, one.run())));
        }
        return Map.of("task_instances", references);
    }

    /** Sets the state of one task instance (map_index query parameter, default -1). */
    @Patch("/dagRuns/{dag_run_id}/taskInstances/{task_id}")
    public Map<String, Object> patchTaskInstance(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                                 @PathVariable("dag_run_id") String runId,
                                                 @PathVariable("task_id") String taskId,
                                                 @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        boolean dryRun = bool(body, "dry_run", true);
        TaskState state = newState(body);
        Integer mapIndex = Query.of(request).integer("map_index");
        int index = mapIndex == null ? -1 : mapIndex;
        Dag dag = loadedDags.find(dagId).orElseThrow(() -> new ApiException(404, "DAG not found",
                "DAG '" + dagId + "' not found"));
        if (dag.task(taskId) == null) {
            throw new ApiException(404, "Task not found", "Task '" + taskId + "' not found in DAG '" + dagId + "'");
        }
        TaskInstance ti = runStore.findTaskInstance(new TaskInstanceKey(dagId, runId, taskId,
                index)).orElseThrow(() -> new ApiException(404, "Not Found", "Task instance not found for task '"
                + taskId + "' on DAG run with ID '" + runId + "'"));
        DagRun run = lookup.run(dagId, runId);
        if (!dryRun) {
            actions.setState(dagId, runId, List.of(ti), state);
        }
        return reference(ti, run);
    }

    private boolean hasInstance(DagRun run, String taskId) {
        return runStore.taskInstances(run.dagId(), run.runId()).stream()
                .anyMatch(ti -> ti.taskId().equals(taskId));
    }

    private java.util.Optional<DagRun> runAt(String dagId, Instant logicalDate) {
        return runStore.findRuns(dagId, EnumSet.noneOf(RunState.class), Integer.MAX_VALUE, 0)
                .stream().filter(r -> logicalDate.equals(r.logicalDate())).findFirst();
    }

    /** Airflow 2's TaskInstanceReference. */
    private static Map<String, Object> reference(TaskInstance ti, DagRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", ti.taskId());
        body.put("dag_id", ti.dagId());
        body.put("execution_date", Dates.iso(run.logicalDate()));
        body.put("dag_run_id", ti.runId());
        return body;
    }

    private static TaskState newState(io.updraft.rest.Body body) {
        String text = requiredString(body, "new_state");
        String lower = text.toLowerCase(Locale.ROOT);
        if (!NEW_STATES.contains(lower)) {
            throw fieldError("new_state", "Must be one of: success, failed, skipped.");
        }
        return TaskState.of(lower);
    }

    private static String requiredString(io.updraft.rest.Body body, String field) {
        String value = string(body, field);
        if (value == null) {
            throw fieldError(field, "Missing data for required field.");
        }
        return value;
    }

    private static String string(io.updraft.rest.Body body, String field) {
        if (body.isNull(field)) {
            throw fieldError(field, "Field may not be null.");
        }
        try {
            return body.string(field);
        } catch (ApiException e) {
            throw fieldError(field, "Not a valid string.");
        }
    }

    private static boolean bool(io.updraft.rest.Body body, String field, boolean fallback) {
        try {
            return body.bool(field, fallback);
        } catch (ApiException e) {
            throw fieldError(field, "Not a valid boolean.");
        }
    }

    /** Marshmallow's message for a bad field, as Airflow 2 passes it on: {@code {'field': ['message']}}. */
    private static ApiException fieldError(String field, String message) {
        return new ApiException(400, "Bad Request", "{'" + field + "': ['" + message + "']}");
    }

    private static ApiException schemaError(String message) {
        return fieldError("_schema", message);
    }
}
