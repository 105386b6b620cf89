package io.updraft.rest.v2;

import io.micronaut.http.MediaType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.asset.Assets;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.dag.Task;
import io.updraft.listing.DagFilter;
import io.updraft.listing.DagSort;
import io.updraft.listing.DagVersionSort;
import io.updraft.listing.PageRequest;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.Query;
import io.updraft.run.DagRun;
import io.updraft.rest.RunActions;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskState;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.dag.DagVersion;
import io.updraft.dag.Pausing;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v2/dags}: DAGs, their details, tasks, source and versions. */
@Controller("/api/v2")
public class DagsController {

    /** DAGs are ordered by id by default and between equal order_by keys (v1 and v2). */
    public static final List<DagSort> TIEBREAK = List.of(DagSort.DAG_ID);

    private final Lookup lookup;
    private final RunActions actions;
    private final LoadedDags loadedDags;
    /** Pauses and unpauses, telling the scheduler. */
    private final Pausing pausing;
    private final Assets assets;
    private final DagStore dagStore;
    private final RunStore runStore;
    private final UpdraftConfig config;

    public DagsController(Lookup lookup, RunActions actions, LoadedDags loadedDags, Pausing pausing, Assets assets,
                          DagStore dagStore, RunStore runStore, UpdraftConfig config) {
        this.assets = assets;
        this.loadedDags = loadedDags;
        this.pausing = pausing;
        this.dagStore = dagStore;
        this.runStore = runStore;
        this.config = config;
        this.lookup = lookup;
        this.actions = actions;
    }

    @Get("/dags")
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        DagFilter filter = filter(query);
        Page<DagRecord> page = Page.of(lookup.lists().dags(filter, Page.request(query, TIEBREAK)));
        return page.body("dags", this::response);
    }

    /** Bulk pause/unpause of the DAGs matching dag_id_pattern (Airflow requires the pattern). */
    @Patch("/dags")
    public Map<String, Object> patchMany(HttpRequest<?> request, @Body @Nullable String body) {
        Query query = Query.of(request);
        if (query.string("dag_id_pattern") == null) {
            throw ApiException.badRequest("dag_id_pattern is required");
        }
        boolean paused = pausedFrom(query, body);
        DagFilter filter = filter(query);
        List<String> matching = lookup.lists().dags(filter, PageRequest.all(TIEBREAK)).items().stream()
                .map(DagRecord::dagId).toList();
        for (String dagId : matching) {
            pausing.setPaused(dagId, paused);
        }
        // the page shows the DAGs that matched before the change, as they are now
        Page<DagRecord> page = Page.of(lookup.lists().dags(DagFilter.ids(matching),
                Page.request(query, TIEBREAK)));
        return page.body("dags", this::response);
    }

    private DagFilter filter(Query query) {
        List<String> tags = query.all("tags");
        boolean matchAll = "all".equals(query.string("tags_match_mode"));
        List<String> owners = query.all("owners");
        Boolean paused = query.bool("paused");
        boolean excludeStale = query.bool("exclude_stale", true);
        Boolean importErrors = query.bool("has_import_errors");
        return new DagFilter(query.string("dag_id_pattern"), query.string("dag_display_name_pattern"), paused,
                excludeStale ? Boolean.FALSE : null, importErrors, tags, matchAll, owners, null);
    }

    @Get("/dags/{dag_id}")
    public DagResponse get(@PathVariable("dag_id") String dagId) {
        return response(lookup.dag(dagId));
    }

    @Get("/dags/{dag_id}/details")
    public Map<String, Object> details(@PathVariable("dag_id") String dagId) {
        DagRecord record = lookup.dag(dagId);
        Map<String, Object> body = new LinkedHashMap<>(
                io.updraft.json.Json.MAPPER.convertValue(response(record), Map.class));
        Dag dag = loadedDags.find(dagId).orElse(null);
        body.put("catchup", dag != null && dag.catchup());
        body.put("dag_run_timeout", dag == null ? null : TaskResponses.timeDelta(dag.dagrunTimeout()));
        body.put("asset_expression", dag == null || dag.assets().schedule() == null ? null
                : io.updraft.asset.AssetExpressions.of(assets, dag.assets().schedule()));
        body.put("doc_md", dag == null ? null : dag.docMd());
        body.put("start_date", dag == null ? null : Dates.iso(dag.startDate()));
        body.put("end_date", dag == null ? null : Dates.iso(dag.endDate()));
        body.put("is_paused_upon_creation", dag == null ? null : dag.isPausedUponCreation());
        body.put("params", dag == null ? Map.of() : dag.params());
        body.put("render_template_as_native_obj", dag != null && dag.renderTemplateAsNativeObj());
        body.put("template_search_path", null);
        body.put("timezone", dag == null || dag.timezone() == null || dag.timezone().normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : dag.timezone().getId());
        body.put("last_parsed", Dates.iso(record.lastParsedTime()));
        body.put("concurrency", record.maxActiveTasks());
        List<DagVersion> versions = dagStore.versions(dagId);
        body.put("latest_dag_version", versions.isEmpty() ? null
                : DagVersionResponse.of(versions.get(versions.size() - 1), displayName(record)));
        body.put("is_favorite", false);
        // the loader merges default_args into each task and keeps no copy of them
        body.put("default_args", null);
        body.put("active_runs_count", runStore.countRuns(dagId,
                EnumSet.of(RunState.QUEUED, RunState.RUNNING)));
        return body;
    }

    @Patch("/dags/{dag_id}")
    public DagResponse patch(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                             @Body @Nullable String body) {
        lookup.dag(dagId);
        boolean paused = pausedFrom(Query.of(request), body);
        pausing.setPaused(dagId, paused);
        return response(lookup.dag(dagId));
    }

    private static boolean pausedFrom(Query query, String text) {
        List<String> mask = query.all("update_mask");
        if (!mask.isEmpty() && !mask.equals(List.of("is_paused"))) {
            throw ApiException.badRequest("Only `is_paused` field can be updated through the REST API");
        }
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("is_paused"));
        body.require("is_paused");
        Boolean paused = body.bool("is_paused", null);
        if (paused == null) {
            throw body.invalid("bool_type", "is_paused", "Input should be a valid boolean", null);
        }
        return paused;
    }

    /** Deletes the DAG's metadata and runs; refused while task instances still run, as Airflow does. */
    @Delete("/dags/{dag_id}")
    public HttpResponse<?> delete(@PathVariable("dag_id") String dagId) {
        lookup.dag(dagId);
        List<DagRun> runs = lookup.runs(dagId);
        for (DagRun run : runs) {
            boolean running = runStore.taskInstances(dagId, run.runId()).stream()
                    .anyMatch(ti -> ti.state() == TaskState.RUNNING);
            if (running) {
                throw ApiException.conflict("Task instances of dag with id: '" + dagId + "' are still running");
            }
        }
        runs.forEach(actions::deleteRun);
        dagStore.delete(dagId);
        return HttpResponse.noContent();
    }

    @Get("/dags/{dag_id}/tasks")
    public Map<String, Object> tasks(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        Dag dag = lookup.loadedDag(dagId);
        String orderBy = Query.of(request).string("order_by");
        Comparator<Task> order = Comparator.comparing(Task::taskId);
        if (orderBy != null && !orderBy.replace("-", "").equals("task_id")) {
            throw ApiException.badRequest("Ordering with '" + orderBy.replace("-", "")
                    + "' is disallowed or the attribute does not exist on the model");
        }
        if (orderBy != null && orderBy.startsWith("-")) {
            order = order.reversed();
        }
        List<Map<String, Object>> tasks = dag.tasks().values().stream().sorted(order)
                .map(task -> TaskResponses.of(dag, task)).toList();
        return Map.of("tasks", tasks, "total_entries", tasks.size());
    }

    @Get("/dags/{dag_id}/tasks/{task_id}")
    public Map<String, Object> task(@PathVariable("dag_id") String dagId, @PathVariable("task_id") String taskId) {
        Dag dag = lookup.loadedDag(dagId);
        Task task = dag.task(taskId);
        if (task == null) {
            throw ApiException.notFound("Task with id " + taskId + " not found");
        }
        return TaskResponses.of(dag, task);
    }

    /** The source of the DAG's latest version, or of {@code version_number}. */
    /** JSON, or the source alone as {@code text/plain} when the client asks for it (as Airflow 3.3). */
    @Get(value = "/dagSources/{dag_id}", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public HttpResponse<?> source(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        DagRecord record = lookup.dag(dagId);
        Integer number = Query.of(request).integer("version_number");
        List<DagVersion> versions = dagStore.versions(dagId);
        DagVersion version = number == null ? (versions.isEmpty() ? null : versions.get(versions.size() - 1))
                : versions.stream().filter(v -> v.versionNumber() == number).findFirst().orElse(null);
        if (version == null) {
            throw ApiException.notFound("The source code of the Dag with ID: `" + dagId + "` and version number: `"
                    + number + "` was not found");
        }
        if (TaskInstancesController.wantsText(request)) {
            return HttpResponse.ok(version.sourceCode()).contentType(MediaType.TEXT_PLAIN_TYPE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", version.sourceCode());
        body.put("dag_id", dagId);
        body.put("version_number", version.versionNumber());
        body.put("dag_display_name", displayName(record));
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get("/dags/{dag_id}/dagVersions")
    public Map<String, Object> versions(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        Query query = Query.of(request);
        if (!Patterns.isAll(dagId)) {
            lookup.dag(dagId);
        }
        Page<DagVersion> page = Page.of(lookup.lists().dagVersions(Patterns.isAll(dagId) ? null : dagId,
                Page.request(query, List.of(DagVersionSort.ID))));
        Map<String, String> displayNames = new java.util.HashMap<>();
        return Map.of("dag_versions", page.items().stream()
                        .map(v -> DagVersionResponse.of(v, displayNames.computeIfAbsent(v.dagId(),
                                id -> displayName(lookup.dag(id))))).toList(),
                "total_entries", page.total());
    }

    @Get("/dags/{dag_id}/dagVersions/{version_number}")
    public DagVersionResponse version(@PathVariable("dag_id") String dagId,
                                      @PathVariable("version_number") String versionNumber) {
        DagRecord record = lookup.dag(dagId);
        return dagStore.versions(dagId).stream()
                .filter(v -> String.valueOf(v.versionNumber()).equals(versionNumber)).findFirst()
                .map(v -> DagVersionResponse.of(v, displayName(record)))
                .orElseThrow(() -> ApiException.notFound("The DagVersion with dag_id: `" + dagId
                        + "` and version_number: `" + versionNumber + "` was not found"));
    }

    private DagResponse response(DagRecord record) {
        return DagResponse.of(record, config.dagsFolder());
    }

    private static String displayName(DagRecord record) {
        return record.dagDisplayName() == null ? record.dagId() : record.dagDisplayName();
    }
}
