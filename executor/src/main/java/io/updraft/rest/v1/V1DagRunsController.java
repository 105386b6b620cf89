package io.updraft.rest.v1;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Patch;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import java.util.LinkedHashMap;
import java.util.Set;
import io.updraft.dag.Dag;
import io.updraft.rest.ApiException;
import io.updraft.rest.InputLimits;
import io.updraft.rest.Dates;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.rest.RunActions;
import io.updraft.rest.v2.DagRunsController;
import io.updraft.run.DagRun;
import io.updraft.run.RunType;
import io.updraft.run.TriggerRequest;
import io.updraft.listing.DagRunFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Airflow 2's {@code /api/v1/dags/{dag_id}/dagRuns}: list, get and trigger with execution_date. */
@Controller("/api/v1/dags/{dag_id}/dagRuns")
public class V1DagRunsController {

    private final V1Lookup lookup;
    private final RunActions actions;
    private final RunStore runStore;

    public V1DagRunsController(V1Lookup lookup, RunActions actions, RunStore runStore) {
        this.runStore = runStore;
        this.lookup = lookup;
        this.actions = actions;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        Query query = Query.of(request);
        DagRunFilter filter = DagRunsController.filter(query, lookup.runsOf(dagId));
        Page<DagRun> page = Page.of(lookup.base().lists().runs(filter,
                Page.request(query, DagRunsController.TIEBREAK)));
        return page.body("dag_runs", V1Views::run);
    }

    @Get("/{dag_run_id}")
    public Map<String, Object> get(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId) {
        return V1Views.run(lookup.run(dagId, runId));
    }

    /**
     * Airflow 2's trigger: logical_date (or the deprecated execution_date) defaults to now and names the run
     * {@code manual__<logical_date>}.
     */
    @Post
    public Map<String, Object> trigger(@PathVariable("dag_id") String dagId, @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        Instant logical = body.instant("logical_date");
        Instant execution = body.instant("execution_date");
        if (logical != null && execution != null && !logical.equals(execution)) {
            throw new ApiException(400, "logical_date conflicts with execution_date",
                    "'" + body.string("logical_date") + "' != '" + body.string("execution_date") + "'");
        }
        Instant logicalDate = logical != null ? logical : execution != null ? execution : Instant.now();
        String runId = body.string("dag_run_id", InputLimits.ID_LENGTH);
        if (runId == null) {
            runId = "manual__" + Dates.iso(logicalDate);
        } else if (!RunActions.RUN_ID.matcher(runId).matches()) {
            throw ApiException.badRequest("The provided run ID '" + runId
                    + "' is invalid. It does not match the configured pattern: '^[A-Za-z0-9_.~:+-]+$'.");
        }
        Instant start = body.instant("data_interval_start");
        Instant end = body.instant("data_interval_end");
        if ((start == null) != (end == null)) {
            throw ApiException.badRequest("{'_schema': ['Both \"data_interval_start\" and \"data_interval_end\" must"
                    + " be given at the same time.']}");
        }
        Map<String, Object> conf = InputLimits.sized(body, "conf", body.object("conf"));
        Dag dag;
        try {
            dag = actions.triggerableDag(dagId, "");
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw V1Lookup.dagNotFound(dagId);
            }
            throw e;
        }
        if (runStore.findRun(dagId, runId).isPresent()) {
            throw new ApiException(409, "DAGRun already exists", "DAGRun with DAG ID: '" + dagId
                    + "' and DAGRun ID: '" + runId + "' already exists");
        }
        try {
            DagRun run = actions.trigger(dag, new TriggerRequest(runId, RunType.MANUAL, logicalDate, start, end,
                    null, conf == null ? Map.of() : conf, body.string("note"), "rest_api"));
            return V1Views.run(run);
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw new ApiException(409, "DAGRun already exists", "DAGRun with DAG ID: '" + dagId
                        + "' and DAGRun logical date: '" + Dates.iso(logicalDate).replace('T', ' ')
                        + "' already exists");
            }
            throw e;
        }
    }

    /** Airflow 2.2+: set a run to success, failed or queued, with the same effect on its task instances. */
    @Patch("/{dag_run_id}")
    public Map<String, Object> patch(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                     @Body @Nullable String text) {
        lookup.run(dagId, runId);
        String state = io.updraft.rest.Body.lenient(text).string("state");
        if (state == null || !Set.of("success", "failed", "queued").contains(state)) {
            throw ApiException.badRequest("{'state': ['Must be one of: success, failed, queued.']}");
        }
        actions.await(actions.engine().setRunState(dagId, runId, RunState.of(state)));
        return V1Views.run(lookup.run(dagId, runId));
    }

    @Patch("/{dag_run_id}/setNote")
    public Map<String, Object> setNote(@PathVariable("dag_id") String dagId,
                                       @PathVariable("dag_run_id") String runId, @Body @Nullable String text) {
        lookup.run(dagId, runId);
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        if (!body.has("note")) {
            throw ApiException.badRequest("{'note': ['Missing data for required field.']}");
        }
        actions.await(actions.engine().setRunNote(dagId, runId, body.string("note")));
        return V1Views.run(lookup.run(dagId, runId));
    }

    @Delete("/{dag_run_id}")
    public HttpResponse<?> delete(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId) {
        actions.deleteRun(lookup.run(dagId, runId));
        return HttpResponse.noContent();
    }

    /** Clears every task instance of the run; dry_run (the default) only lists them as references. */
    @Post("/{dag_run_id}/clear")
    public Map<String, Object> clear(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                     @Body @Nullable String text) {
        DagRun run = lookup.run(dagId, runId);
        boolean dryRun = io.updraft.rest.Body.lenient(text).bool("dry_run", true);
        List<TaskInstance> tis = runStore.taskInstances(dagId, runId);
        if (dryRun) {
            return Map.of("task_instances", tis.stream().map(ti -> reference(ti, run)).toList());
        }
        actions.clear(dagId, runId, tis);
        return V1Views.run(lookup.run(dagId, runId));
    }

    /** Airflow 2's TaskInstanceReference. */
    static Map<String, Object> reference(TaskInstance ti, DagRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", ti.taskId());
        body.put("dag_id", ti.dagId());
        body.put("execution_date", Dates.iso(run.logicalDate()));
        body.put("dag_run_id", ti.runId());
        return body;
    }
}
