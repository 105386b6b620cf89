package io.updraft.rest.v2;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.dag.Dag;
import io.updraft.listing.DagRunFilter;
import io.updraft.listing.DagRunSort;
import io.updraft.listing.TimeRange;
import io.updraft.rest.ApiException;
import io.updraft.rest.InputLimits;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.rest.RunActions;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.run.TriggerRequest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code /api/v2/dags/{dag_id}/dagRuns}: list, get, trigger, patch, delete and clear runs. */
@Controller("/api/v2/dags/{dag_id}/dagRuns")
public class DagRunsController {

    /** Runs are ordered by id by default and between equal order_by keys (v1 and v2). */
    public static final List<DagRunSort> TIEBREAK = List.of(DagRunSort.ID);

    private final Lookup lookup;
    private final RunActions actions;
    private final Views views;
    private final RunStore runStore;

    public DagRunsController(Lookup lookup, RunActions actions, Views views, RunStore runStore) {
        this.runStore = runStore;
        this.lookup = lookup;
        this.actions = actions;
        this.views = views;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        Query query = Query.of(request);
        DagRunFilter filter = filter(query, lookup.runsOf(dagId));
        Page<DagRun> page = Page.of(lookup.lists().runs(filter, Page.request(query, TIEBREAK)));
        return page.body("dag_runs", views::run);
    }

    /** The list filters: date ranges, states and run types. */
    public static DagRunFilter filter(Query query, DagRunFilter filter) {
        for (DagRunFilter.Date date : DagRunFilter.Date.values()) {
            range(query, date.name().toLowerCase(Locale.ROOT), date, filter);
        }
        range(query, "execution_date", DagRunFilter.Date.LOGICAL_DATE, filter);
        List<String> states = query.all("state");
        List<String> types = query.all("run_type");
        Set<String> knownStates = Set.of("queued", "running", "success", "failed");
        for (String state : states) {
            if (!knownStates.contains(state)) {
                throw query.bad("enum", "state", "Input should be 'queued', 'running', 'success' or 'failed'", state);
            }
        }
        return filter.states(states.isEmpty() ? null : states)
                .runTypes(types.isEmpty() ? null : types)
                .runIdPattern(query.string("run_id_pattern"));
    }

    private static void range(Query query, String field, DagRunFilter.Date date, DagRunFilter filter) {
        filter.bound(date, new TimeRange(query.instant(field + "_gte"), query.instant(field + "_lte"),
                query.instant(field + "_gt"), query.instant(field + "_lt")));
    }

    @Get("/{dag_run_id}")
    public DagRunResponse get(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId) {
        return views.run(lookup.run(dagId, runId));
    }

    /** Triggers a manual run; Airflow 3 requires the logical_date key (null for a run without one). */
    @Post
    public DagRunResponse trigger(@PathVariable("dag_id") String dagId, @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("dag_run_id", "logical_date",
                "run_after", "data_interval_start", "data_interval_end", "conf", "note"));
        body.require("logical_date");
        Instant logicalDate = body.instant("logical_date");
        Instant start = body.instant("data_interval_start");
        Instant end = body.instant("data_interval_end");
        if ((start == null) != (end == null)) {
            throw body.invalid("value_error", start == null ? "data_interval_start" : "data_interval_end",
                    "Value error, Either both data_interval_start and data_interval_end must be provided or both"
                            + " must be None", null);
        }
        String runId = body.string("dag_run_id", InputLimits.ID_LENGTH);
        if (runId != null && !RunActions.RUN_ID.matcher(runId).matches()) {
            throw body.invalid("value_error", "dag_run_id", "Value error, The run_id `" + runId
                    + "` does not match the allowed pattern", runId);
        }
        String note = body.string("note");
        Map<String, Object> conf = InputLimits.sized(body, "conf", body.object("conf"));
        Instant runAfter = body.instant("run_after");
        Dag dag = actions.triggerableDag(dagId, "DAG with dag_id: '" + dagId + "' not found");
        DagRun run = actions.trigger(dag, new TriggerRequest(runId, RunType.MANUAL, logicalDate, start, end,
                runAfter, conf == null ? Map.of() : conf, note, "rest_api"));
        return views.run(run);
    }

    @Patch("/{dag_run_id}")
    public DagRunResponse patch(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                @PathVariable("dag_run_id") String runId, @Body @Nullable String text) {
        lookup.dag(dagId);
        lookup.run(dagId, runId);
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("state", "note"));
        List<String> mask = Query.of(request).all("update_mask");
        for (String field : mask) {
            if (!field.equals("state") && !field.equals("note")) {
                throw ApiException.badRequest("Invalid field `" + field + "` in update mask");
            }
        }
        Set<String> fields = mask.isEmpty() ? body.fields() : Set.copyOf(mask);
        if (fields.contains("state")) {
            String state = body.string("state");
            if (state == null || !Set.of("queued", "success", "failed").contains(state)) {
                throw body.invalid("enum", "state", "Input should be 'queued', 'success' or 'failed'", state);
            }
            actions.await(actions.engine().setRunState(dagId, runId, RunState.of(state)));
        }
        if (fields.contains("note")) {
            String note = body.string("note");
            if (note != null && note.length() > 1000) {
                throw body.invalid("string_too_long", "note", "String should have at most 1000 characters", note);
            }
            actions.await(actions.engine().setRunNote(dagId, runId, note));
        }
        return views.run(lookup.run(dagId, runId));
    }

    @Delete("/{dag_run_id}")
    public HttpResponse<?> delete(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId) {
        DagRun run = lookup.run(dagId, runId);
        actions.deleteRun(run);
        return HttpResponse.noContent();
    }

    /** Clears the run's task instances (only the failed ones with only_failed); a dry run only lists them. */
    @Post("/{dag_run_id}/clear")
    public Object clear(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                        @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("dry_run", "only_failed",
                "run_on_latest_version"));
        boolean dryRun = body.bool("dry_run", true);
        boolean onlyFailed = body.bool("only_failed", false);
        body.bool("run_on_latest_version", false);
        lookup.dag(dagId);
        lookup.run(dagId, runId);
        List<TaskInstance> selected = runStore.taskInstances(dagId, runId).stream()
                .filter(ti -> !onlyFailed || EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED)
                        .contains(ti.state()))
                .toList();
        if (dryRun) {
            return Map.of("task_instances", views.taskInstances(selected), "total_entries", selected.size());
        }
        actions.clear(dagId, runId, selected);
        return views.run(lookup.run(dagId, runId));
    }
}
