package io.updraft.rest.v2;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.config.UpdraftConfig;
import io.updraft.listing.TaskInstanceFilter;
import io.updraft.listing.TaskInstanceSort;
import io.updraft.listing.TimeRange;
import io.updraft.rest.ApiException;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.rest.RunActions;
import io.updraft.rest.TaskLogs;
import io.updraft.run.DagRun;
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
import java.util.Optional;
import java.util.Set;

/** {@code /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances} and the DAG-wide clearTaskInstances. */
@Controller("/api/v2/dags/{dag_id}")
public class TaskInstancesController {

    /** Airflow 3's default order, also the tiebreaker: map_index, then the natural key. */
    public static final List<TaskInstanceSort> TIEBREAK = List.of(TaskInstanceSort.MAP_INDEX,
            TaskInstanceSort.DAG_ID, TaskInstanceSort.RUN_ID, TaskInstanceSort.TASK_ID);

    private static final Set<String> PATCH_FIELDS = Set.of("new_state", "note", "include_upstream",
            "include_downstream", "include_future", "include_past");

    private final Lookup lookup;
    private final RunActions actions;
    private final Views views;
    private final RunStore runStore;
    private final UpdraftConfig config;

    public TaskInstancesController(Lookup lookup, RunActions actions, Views views, RunStore runStore,
                                   UpdraftConfig config) {
        this.runStore = runStore;
        this.config = config;
        this.lookup = lookup;
        this.actions = actions;
        this.views = views;
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances")
    public Map<String, Object> list(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                    @PathVariable("dag_run_id") String runId) {
        Query query = Query.of(request);
        TaskInstanceFilter filter = filter(query, lookup.taskInstancesOf(dagId, runId));
        Page<TaskInstance> page = Page.of(lookup.lists().taskInstances(filter, Page.request(query, TIEBREAK)));
        return Page.body("task_instances", views.taskInstances(page.items()), page.total());
    }

    public static TaskInstanceFilter filter(Query query, TaskInstanceFilter filter) {
        List<String> states = query.all("state");
        List<String> pools = query.all("pool");
        List<String> queues = query.all("queue");
        String taskId = query.string("task_id");
        Integer mapIndex = query.integer("map_index");
        Integer tryNumber = query.integer("try_number");
        String namePattern = query.string("task_display_name_pattern");
        List<String> stateValues = new ArrayList<>();
        for (String state : states) {
            try {
                stateValues.add(TaskState.of(state).value());
            } catch (IllegalArgumentException e) {
                throw query.bad("enum", "state", "Invalid value for state. Valid values are "
                        + String.join(", ", EnumSet.allOf(TaskState.class).stream()
                        .map(s -> String.valueOf(s.value())).toList()), state);
            }
        }
        for (TaskInstanceFilter.Date date : List.of(TaskInstanceFilter.Date.START_DATE,
                TaskInstanceFilter.Date.END_DATE, TaskInstanceFilter.Date.UPDATED_AT)) {
            String field = date.name().toLowerCase(Locale.ROOT);
            filter.bound(date, TimeRange.between(query.instant(field + "_gte"), query.instant(field + "_lte")));
        }
        return filter.states(states.isEmpty() ? null : stateValues)
                .pools(pools.isEmpty() ? null : pools)
                .queues(queues.isEmpty() ? null : queues)
                .taskId(taskId)
                .mapIndex(mapIndex)
                .tryNumber(tryNumber)
                .taskIdPattern(namePattern);
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}")
    public TaskInstanceResponse get(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                    @PathVariable("task_id") String taskId) {
        return views.taskInstance(lookup.taskInstance(dagId, runId, taskId, -1));
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index:-?[0-9]+}")
    public TaskInstanceResponse getMapped(@PathVariable("dag_id") String dagId,
                                          @PathVariable("dag_run_id") String runId,
                                          @PathVariable("task_id") String taskId,
                                          @PathVariable("map_index") int mapIndex) {
        return views.taskInstance(lookup.taskInstance(dagId, runId, taskId, mapIndex));
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}/listMapped")
    public Map<String, Object> listMapped(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                          @PathVariable("dag_run_id") String runId,
                                          @PathVariable("task_id") String taskId) {
        Query query = Query.of(request);
        TaskInstanceFilter filter = lookup.taskInstancesOf(dagId, runId).mappedOf(taskId);
        Page<TaskInstance> page = Page.of(lookup.lists().taskInstances(filter(query, filter),
                Page.request(query, List.of(TaskInstanceSort.MAP_INDEX))));
        if (page.total() == 0) {
            throw ApiException.notFound("Task id " + taskId + " is not mapped");
        }
        return Page.body("task_instances", views.taskInstances(page.items()), page.total());
    }

    @Patch("/dagRuns/{dag_run_id}/taskInstances/{task_id}")
    public Map<String, Object> patch(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                     @PathVariable("task_id") String taskId, @Body @Nullable String body) {
        return patch(dagId, runId, taskId, null, body, false);
    }

    @Patch("/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index:-?[0-9]+}")
    public Map<String, Object> patchMapped(@PathVariable("dag_id") String dagId,
                                           @PathVariable("dag_run_id") String runId,
                                           @PathVariable("task_id") String taskId,
                                           @PathVariable("map_index") int mapIndex, @Body @Nullable String body) {
        return patch(dagId, runId, taskId, mapIndex, body, false);
    }

    @Patch("/dagRuns/{dag_run_id}/taskInstances/{task_id}/dry_run")
    public Map<String, Object> patchDryRun(@PathVariable("dag_id") String dagId,
                                           @PathVariable("dag_run_id") String runId,
                                           @PathVariable("task_id") String taskId, @Body @Nullable String body) {
        return patch(dagId, runId, taskId, null, body, true);
    }

    @Patch("/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index:-?[0-9]+}/dry_run")
    public Map<String, Object> patchMappedDryRun(@PathVariable("dag_id") String dagId,
                                                 @PathVariable("dag_run_id") String runId,
                                                 @PathVariable("task_id") String taskId,
                                                 @PathVariable("map_index") int mapIndex,
                                                 @Body @Nullable String body) {
        return patch(dagId, runId, taskId, mapIndex, body, true);
    }

    /** Sets the state (mark success / failed / skipped) and/or the note of a task instance and its relatives. */
    private Map<String, Object> patch(String dagId, String runId, String taskId, Integer mapIndex, String text,
                                      boolean dryRun) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, PATCH_FIELDS);
        String newState = body.string("new_state");
        TaskState state = null;
        if (newState != null) {
            String lower = newState.toLowerCase(Locale.ROOT);
            if (!Set.of("success", "failed", "skipped").contains(lower)) {
                throw body.invalid("value_error", "new_state", "Value error, 'new_state' should be one of "
                        + "['success', 'failed', 'skipped']", newState);
            }
            state = TaskState.of(lower);
        }
        boolean upstream = body.bool("include_upstream", false);
        boolean downstream = body.bool("include_downstream", false);
        boolean future = body.bool("include_future", false);
        boolean past = body.bool("include_past", false);
        lookup.dag(dagId);
        TaskInstance target = lookup.taskInstance(dagId, runId, taskId, mapIndex == null ? -1 : mapIndex);
        List<RunActions.RunSelection> selection = actions.selectForState(lookup.run(dagId, runId), List.of(taskId),
                target.mapIndex(), upstream, downstream, future, past);
        List<TaskInstance> selected = selection.stream().flatMap(one -> one.taskInstances().stream()).toList();
        if (dryRun) {
            return page(selected);
        }
        if (state != null) {
            actions.setState(selection, state);
        }
        if (body.has("note")) {
            setNote(target.key(), body.string("note"));
        }
        List<TaskInstance> after = new ArrayList<>();
        for (TaskInstance ti : selected) {
            runStore.findTaskInstance(ti.key()).ifPresent(after::add);
        }
        return page(after);
    }

    private void setNote(TaskInstanceKey key, String note) {
        actions.await(actions.engine().setTaskInstanceNote(key, note));
    }

    private Map<String, Object> page(List<TaskInstance> tis) {
        return Map.of("task_instances", views.taskInstances(tis), "total_entries", tis.size());
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}/tries")
    public Map<String, Object> tries(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                     @PathVariable("task_id") String taskId) {
        return triesOf(lookup.taskInstance(dagId, runId, taskId, -1));
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index:-?[0-9]+}/tries")
    public Map<String, Object> mappedTries(@PathVariable("dag_id") String dagId,
                                           @PathVariable("dag_run_id") String runId,
                                           @PathVariable("task_id") String taskId,
                                           @PathVariable("map_index") int mapIndex) {
        return triesOf(lookup.taskInstance(dagId, runId, taskId, mapIndex));
    }

    private Map<String, Object> triesOf(TaskInstance ti) {
        List<TaskInstance> tries = allTries(ti);
        return Map.of("task_instances", views.taskInstances(tries), "total_entries", tries.size());
    }

    /**
     * As Airflow: the superseded tries from the history, then the current one, unless it is up for retry (its try
     * is in the history already).
     */
    private List<TaskInstance> allTries(TaskInstance ti) {
        List<TaskInstance> tries = new ArrayList<>(runStore.tries(ti.key()));
        if (ti.state() != TaskState.UP_FOR_RETRY) {
            tries.add(ti);
        }
        return tries;
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}/tries/{try_number}")
    public TaskInstanceResponse tryOf(@PathVariable("dag_id") String dagId,
                                      @PathVariable("dag_run_id") String runId,
                                      @PathVariable("task_id") String taskId,
                                      @PathVariable("try_number") int tryNumber) {
        return tryOf(lookup.taskInstance(dagId, runId, taskId, -1), tryNumber);
    }

    @Get("/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index:-?[0-9]+}/tries/{try_number}")
    public TaskInstanceResponse mappedTryOf(@PathVariable("dag_id") String dagId,
                                            @PathVariable("dag_run_id") String runId,
                                            @PathVariable("task_id") String taskId,
                                            @PathVariable("map_index") int mapIndex,
                                            @PathVariable("try_number") int tryNumber) {
        return tryOf(lookup.taskInstance(dagId, runId, taskId, mapIndex), tryNumber);
    }

    private TaskInstanceResponse tryOf(TaskInstance ti, int tryNumber) {
        // as Airflow: the current try first, then the history
        return (ti.tryNumber() == tryNumber ? Optional.of(ti)
                : runStore.tries(ti.key()).stream().filter(t -> t.tryNumber() == tryNumber).findFirst())
                .map(views::taskInstance)
                .orElseThrow(() -> ApiException.notFound("The Task Instance with dag_id: `" + ti.dagId()
                        + "`, run_id: `" + ti.runId() + "`, task_id: `" + ti.taskId() + "`, try_number: `"
                        + tryNumber + "` and map_index: `" + ti.mapIndex() + "` was not found"));
    }

    /** The log of one try: JSON {@code {"content": [...], "continuation_token"}} or the raw text. */
    @Get(value = "/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}",
            produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public HttpResponse<?> log(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                               @PathVariable("dag_run_id") String runId, @PathVariable("task_id") String taskId,
                               @PathVariable("try_number") int tryNumber) {
        Query query = Query.of(request);
        Integer mapIndex = query.integer("map_index");
        lookup.dag(dagId);
        TaskInstanceKey key = new TaskInstanceKey(dagId, runId, taskId, mapIndex == null ? -1 : mapIndex);
        TaskInstance ti = runStore.findTaskInstance(key)
                .orElseThrow(() -> ApiException.notFound("TaskInstance not found"));
        if (tryNumber < 0 || tryNumber > Math.max(ti.tryNumber(), 0)) {
            throw ApiException.notFound("TaskInstance not found");
        }
        String text = TaskLogs.read(config.logsFolder(), key, tryNumber);
        if (wantsText(request)) {
            return HttpResponse.ok(text).contentType(MediaType.TEXT_PLAIN_TYPE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", TaskLogs.events(text));
        body.put("continuation_token", null);
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    public static boolean wantsText(HttpRequest<?> request) {
        java.util.Collection<MediaType> accept = request.accept();
        return !accept.isEmpty() && accept.stream().anyMatch(m -> m.matches(MediaType.TEXT_PLAIN_TYPE))
                && accept.stream().noneMatch(m -> m.matches(MediaType.APPLICATION_JSON_TYPE));
    }

    /** Airflow's DAG-wide clear: dry_run and only_failed default to true. */
    @Post("/clearTaskInstances")
    public Map<String, Object> clearTaskInstances(@PathVariable("dag_id") String dagId,
                                                  @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("dry_run", "task_ids", "start_date",
                "end_date", "only_failed", "only_running", "reset_dag_runs", "dag_run_id", "include_upstream",
                "include_downstream", "include_future", "include_past", "run_on_latest_version"));
        boolean dryRun = body.bool("dry_run", true);
        boolean onlyFailed = body.bool("only_failed", true);
        boolean onlyRunning = body.bool("only_running", false);
        boolean upstream = body.bool("include_upstream", false);
        boolean downstream = body.bool("include_downstream", false);
        body.bool("include_future", false);
        body.bool("include_past", false);
        body.bool("reset_dag_runs", true);
        body.bool("run_on_latest_version", false);
        List<String> taskIds = body.strings("task_ids");
        if (taskIds != null && taskIds.isEmpty()) {
            throw body.invalid("too_short", "task_ids", "List should have at least 1 item after validation, not 0",
                    List.of());
        }
        String runId = body.string("dag_run_id");
        Instant start = body.instant("start_date");
        Instant end = body.instant("end_date");
        if (runId != null && (start != null || end != null)) {
            throw ApiException.badRequest("Either dag_run_id or start_date/end_date may be given, not both");
        }
        if (onlyFailed && onlyRunning) {
            throw ApiException.badRequest("only_failed and only_running both are set to True");
        }
        lookup.dag(dagId);
        List<DagRun> runs;
        if (runId != null) {
            runs = List.of(lookup.run(dagId, runId));
        } else {
            runs = lookup.runs(dagId).stream().filter(r -> {
                Instant date = r.logicalDate() != null ? r.logicalDate() : r.runAfter();
                return (start == null || !date.isBefore(start)) && (end == null || !date.isAfter(end));
            }).toList();
        }
        List<TaskInstance> affected = new ArrayList<>();
        for (DagRun run : runs) {
            List<TaskInstance> tis = taskIds == null ? runStore.taskInstances(dagId, run.runId())
                    : actions.select(dagId, run.runId(), taskIds, null, upstream, downstream);
            List<TaskInstance> chosen = tis.stream()
                    .filter(ti -> !onlyFailed || EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED)
                            .contains(ti.state()))
                    .filter(ti -> !onlyRunning || ti.state() == TaskState.RUNNING)
                    .toList();
            if (!dryRun) {
                actions.clear(dagId, run.runId(), chosen);
                chosen = chosen.stream().map(ti -> runStore.findTaskInstance(ti.key()).orElse(ti))
                        .toList();
            }
            affected.addAll(chosen);
        }
        return page(affected);
    }

    /**
     * Deletes a task instance with its XComs and tries (Airflow's delete_task_instance), through the engine so that
     * a live run stays consistent: a running try is killed, and the run goes on without the instance.
     */
    @Delete("/dagRuns/{dag_run_id}/taskInstances/{task_id}")
    public HttpResponse<String> delete(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                       @PathVariable("dag_run_id") String runId,
                                       @PathVariable("task_id") String taskId) {
        Integer mapIndex = Query.of(request).integer("map_index");
        int index = mapIndex == null ? -1 : mapIndex;
        TaskInstanceKey key = new TaskInstanceKey(dagId, runId, taskId, index);
        TaskInstance ti = runStore.findTaskInstance(key).orElseThrow(() -> ApiException.notFound(
                "The Task Instance with dag_id: `" + dagId + "`, run_id: `" + runId + "`, task_id: `" + taskId
                        + "` and map_index: `" + index + "` was not found"));
        actions.deleteTaskInstance(ti);
        // FastAPI's answer for a route that returns None
        return HttpResponse.ok("null").contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
