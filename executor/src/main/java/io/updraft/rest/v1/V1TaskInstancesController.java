package io.updraft.rest.v1;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.config.UpdraftConfig;
import io.updraft.json.Json;
import io.updraft.rest.ApiException;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.rest.TaskLogs;
import io.updraft.rest.v2.TaskInstancesController;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.listing.TaskInstanceFilter;
import io.updraft.listing.TaskInstanceSort;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Airflow 2's task instances of a run ({@code ~} for both) and their logs. */
@Controller("/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances")
public class V1TaskInstancesController {

    private final V1Lookup lookup;
    private final V1Views views;
    private final RunStore runStore;
    private final UpdraftConfig config;

    public V1TaskInstancesController(V1Lookup lookup, V1Views views, RunStore runStore, UpdraftConfig config) {
        this.runStore = runStore;
        this.config = config;
        this.lookup = lookup;
        this.views = views;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                    @PathVariable("dag_run_id") String runId) {
        Query query = Query.of(request);
        TaskInstanceFilter filter = TaskInstancesController.filter(query, lookup.taskInstancesOf(dagId, runId));
        Page<TaskInstance> page = Page.of(lookup.base().lists().taskInstances(filter,
                Page.request(query, List.of(TaskInstanceSort.ID))));
        return Page.body("task_instances", views.taskInstances(page.items()), page.total());
    }

    @Get("/{task_id}")
    public Map<String, Object> get(@PathVariable("dag_id") String dagId, @PathVariable("dag_run_id") String runId,
                                   @PathVariable("task_id") String taskId) {
        return views.taskInstance(lookup.taskInstance(dagId, runId, taskId, -1));
    }

    @Get("/{task_id}/{map_index:-?[0-9]+}")
    public Map<String, Object> getMapped(@PathVariable("dag_id") String dagId,
                                         @PathVariable("dag_run_id") String runId,
                                         @PathVariable("task_id") String taskId,
                                         @PathVariable("map_index") int mapIndex) {
        return views.taskInstance(lookup.taskInstance(dagId, runId, taskId, mapIndex));
    }

    /**
     * Airflow 2's log: JSON {@code {"continuation_token", "content"}} with the text as one string, or text/plain.
     * The token carries the position read so far; passing it back returns only what was written since.
     */
    @Get(value = "/{task_id}/logs/{task_try_number}", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public HttpResponse<?> log(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                               @PathVariable("dag_run_id") String runId, @PathVariable("task_id") String taskId,
                               @PathVariable("task_try_number") int tryNumber) {
        Query query = Query.of(request);
        Integer mapIndex = query.integer("map_index");
        boolean fullContent = query.bool("full_content", false);
        lookup.dag(dagId);
        lookup.run(dagId, runId);
        TaskInstanceKey key = new TaskInstanceKey(dagId, runId, taskId, mapIndex == null ? -1 : mapIndex);
        TaskInstance ti = runStore.findTaskInstance(key)
                .orElseThrow(() -> new ApiException(404, "Task instance did not exist in the DB", null));
        if (tryNumber < 0 || tryNumber > Math.max(ti.tryNumber(), 0)) {
            throw new ApiException(404, "Task instance did not exist in the DB", null);
        }
        String text = TaskLogs.read(config.logsFolder(), key, tryNumber);
        int from = fullContent ? 0 : position(query.string("token"));
        String content = from >= text.length() ? "" : text.substring(from);
        if (TaskInstancesController.wantsText(request)) {
            return HttpResponse.ok(content).contentType(MediaType.TEXT_PLAIN_TYPE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("continuation_token", token(text.length(), ti.state().isFinished()));
        body.put("content", content);
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String token(int position, boolean endOfLog) {
        String json = Json.write(Map.of("log_pos", position, "end_of_log", endOfLog));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static int position(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            Map<String, Object> metadata = Json.readObject(new String(Base64.getUrlDecoder().decode(token),
                    StandardCharsets.UTF_8));
            return ((Number) metadata.getOrDefault("log_pos", 0)).intValue();
        } catch (RuntimeException e) {
            throw new ApiException(400, "Bad Signature. Please use only the tokens provided by the API.", null);
        }
    }
}
