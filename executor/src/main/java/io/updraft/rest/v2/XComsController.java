package io.updraft.rest.v2;

import io.updraft.dag.LoadedDags;
import io.updraft.run.RunStore;
import io.updraft.secrets.SecretsMasker;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.dag.Dag;
import io.updraft.json.Json;
import io.updraft.rest.ApiException;
import io.updraft.rest.InputLimits;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.RunActions;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.Query;
import io.updraft.run.DagRun;
import io.updraft.run.XCom;
import io.updraft.run.XComs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code .../taskInstances/{task_id}/xcomEntries}: XComs of task instances ({@code ~} for dag, run and task). */
@Controller("/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries")
public class XComsController {

    private static final Map<String, Comparator<XCom>> ORDER = Map.of(
            "key", Page.by(XCom::key),
            "task_id", Page.by(XCom::taskId),
            "dag_id", Page.by(XCom::dagId),
            "run_id", Page.by(XCom::runId),
            "map_index", Page.by(XCom::mapIndex),
            "timestamp", Page.by(XCom::timestamp),
            "", Page.<XCom, String>by(XCom::dagId).thenComparing(XCom::runId).thenComparing(XCom::taskId)
                    .thenComparing(XCom::mapIndex).thenComparing(XCom::key));

    private final Lookup lookup;
    private final RunActions actions;
    private final Views views;
    private final LoadedDags loadedDags;
    private final RunStore runStore;

    public XComsController(Lookup lookup, RunActions actions, Views views, LoadedDags loadedDags, RunStore runStore) {
        this.loadedDags = loadedDags;
        this.runStore = runStore;
        this.lookup = lookup;
        this.actions = actions;
        this.views = views;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                    @PathVariable("dag_run_id") String runId, @PathVariable("task_id") String taskId) {
        Query query = Query.of(request);
        String key = query.string("xcom_key");
        Integer mapIndex = query.integer("map_index");
        List<XCom> all = new ArrayList<>();
        for (DagRun run : runs(dagId, runId)) {
            all.addAll(runStore.xcoms(run.dagId(), run.runId(),
                    Patterns.isAll(taskId) ? null : taskId));
        }
        List<XCom> matching = all.stream().filter(x -> key == null || key.equals(x.key()))
                .filter(x -> mapIndex == null || mapIndex == x.mapIndex()).toList();
        Page<XCom> page = Page.of(matching, query, ORDER, "");
        return page.body("xcom_entries", x -> entry(x, false));
    }

    private List<DagRun> runs(String dagId, String runId) {
        if (Patterns.isAll(runId)) {
            return lookup.runs(dagId);
        }
        if (Patterns.isAll(dagId)) {
            return lookup.runs(dagId).stream().filter(r -> r.runId().equals(runId)).toList();
        }
        return List.of(lookup.run(dagId, runId));
    }

    /** One entry with its value: native JSON, or its string form with {@code stringify=true}. */
    @Get("/{xcom_key}")
    public Map<String, Object> get(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                   @PathVariable("dag_run_id") String runId, @PathVariable("task_id") String taskId,
                                   @PathVariable("xcom_key") String key) {
        Query query = Query.of(request);
        Integer mapIndex = query.integer("map_index");
        boolean stringify = query.bool("stringify", false);
        lookup.dag(dagId);
        lookup.run(dagId, runId);
        XCom xcom = runStore
                .findXCom(dagId, runId, taskId, mapIndex == null ? -1 : mapIndex, key)
                .orElseThrow(() -> ApiException.notFound("XCom entry with key: `" + key + "` not found"));
        Map<String, Object> body = entry(xcom, true);
        if (stringify) {
            body.put("value", String.valueOf(SecretsMasker.global().redact(XComs.stored(xcom), xcom.key())));
        }
        return body;
    }

    /** Adds an entry by hand (Airflow's create_xcom_entry); the task must be in the DAG and the run exist. */
    @Post
    public HttpResponse<Map<String, Object>> create(@PathVariable("dag_id") String dagId,
                                                    @PathVariable("dag_run_id") String runId,
                                                    @PathVariable("task_id") String taskId,
                                                    @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("key", "value", "map_index"));
        body.require("key");
        String key = body.string("key", InputLimits.XCOM_KEY_LENGTH);
        if (key == null) {
            throw body.invalid("string_type", "key", "Input should be a valid string", null);
        }
        int mapIndex = mapIndex(body);
        Dag dag = loadedDags.find(dagId).orElseThrow(() -> ApiException.notFound(
                "The Dag with ID: `" + dagId + "` was not found"));
        if (dag.task(taskId) == null) {
            throw ApiException.notFound("Task with ID: `" + taskId + "` not found in DAG: `" + dagId + "`");
        }
        runStore.findRun(dagId, runId).orElseThrow(() -> ApiException.notFound(
                "DAG Run with ID: `" + runId + "` not found for DAG: `" + dagId + "`"));
        if (runStore.findXCom(dagId, runId, taskId, mapIndex, key).isPresent()) {
            throw ApiException.conflict("The XCom with key: `" + key + "` with mentioned task instance already exists.");
        }
        XCom xcom = new XCom(dagId, runId, taskId, mapIndex, key,
                Json.write(InputLimits.sized(body, "value", body.value("value"))), Instant.now());
        actions.await(actions.engine().putXCom(xcom));
        return HttpResponse.created(entry(xcom, true));
    }

    /** Replaces an entry's value (Airflow's update_xcom_entry). */
    @Patch("/{xcom_key}")
    public Map<String, Object> update(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                      @PathVariable("task_id") String taskId, @PathVariable("xcom_key") String key,
                                      @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("value", "map_index"));
        body.require("value");
        int mapIndex = mapIndex(body);
        XCom current = runStore.findXCom(dagId, runId, taskId, mapIndex, key)
                .orElseThrow(() -> ApiException.notFound("The XCom with key: `" + key
                        + "` with mentioned task instance doesn't exist."));
        XCom updated = new XCom(dagId, runId, taskId, mapIndex, key,
                Json.write(InputLimits.sized(body, "value", body.value("value"))), current.timestamp());
        actions.await(actions.engine().putXCom(updated));
        return entry(updated, true);
    }

    private static int mapIndex(io.updraft.rest.Body body) {
        Integer mapIndex = body.integer("map_index");
        return mapIndex == null ? -1 : mapIndex;
    }

    private Map<String, Object> entry(XCom xcom, boolean withValue) {
        DagRun run = runStore.findRun(xcom.dagId(), xcom.runId()).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", xcom.key());
        body.put("timestamp", Dates.iso(xcom.timestamp()));
        body.put("logical_date", run == null ? null : Dates.iso(run.logicalDate()));
        body.put("run_after", run == null ? null : Dates.iso(run.runAfter()));
        body.put("map_index", xcom.mapIndex());
        body.put("task_id", xcom.taskId());
        body.put("dag_id", xcom.dagId());
        body.put("run_id", xcom.runId());
        body.put("dag_display_name", views.displayName(xcom.dagId()));
        body.put("task_display_name", xcom.taskId());
        if (withValue) {
            body.put("value", SecretsMasker.global().redact(XComs.stored(xcom), xcom.key()));
        }
        return body;
    }
}
