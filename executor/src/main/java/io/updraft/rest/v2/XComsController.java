package io.updraft.rest.v2;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.Query;
import io.updraft.run.DagRun;
import io.updraft.run.XCom;
import io.updraft.run.XComs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final Views views;

    public XComsController(Lookup lookup, Views views) {
        this.lookup = lookup;
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
            all.addAll(lookup.updraft().runs().xcoms(run.dagId(), run.runId(),
                    Patterns.isAll(taskId) ? null : taskId));
        }
        List<XCom> matching = all.stream().filter(x -> key == null || key.equals(x.key()))
                .filter(x -> mapIndex == null || mapIndex == x.mapIndex()).toList();
        Page<XCom> page = Page.of(matching, query, ORDER, "");
        return Map.of("xcom_entries", page.items().stream().map(x -> entry(x, false)).toList(),
                "total_entries", page.total());
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
        XCom xcom = lookup.updraft().runs()
                .findXCom(dagId, runId, taskId, mapIndex == null ? -1 : mapIndex, key)
                .orElseThrow(() -> ApiException.notFound("XCom entry with key: `" + key + "` not found"));
        Map<String, Object> body = entry(xcom, true);
        if (stringify) {
            body.put("value", String.valueOf(XComs.value(xcom)));
        }
        return body;
    }

    private Map<String, Object> entry(XCom xcom, boolean withValue) {
        DagRun run = lookup.updraft().runs().findRun(xcom.dagId(), xcom.runId()).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", xcom.key());
        body.put("timestamp", Dates.iso(xcom.timestamp()));
        body.put("logical_date", run == null ? null : Dates.iso(run.logicalDate()));
        body.put("map_index", xcom.mapIndex());
        body.put("task_id", xcom.taskId());
        body.put("dag_id", xcom.dagId());
        body.put("run_id", xcom.runId());
        body.put("dag_display_name", views.displayName(xcom.dagId()));
        body.put("task_display_name", xcom.taskId());
        if (withValue) {
            body.put("value", XComs.value(xcom));
        }
        return body;
    }
}
