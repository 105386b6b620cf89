package io.updraft.ui;

import io.updraft.secrets.SecretsMasker;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.dag.Task;
import io.updraft.dag.TaskGroup;
import io.updraft.operator.OperatorRegistry;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.Query;
import io.updraft.rest.v2.DagWarningsController;
import io.updraft.run.LogPaths;
import io.updraft.run.TaskInstanceKey;
import io.updraft.dag.DagWarningStore;
import io.updraft.dag.ImportErrorStore;
import io.updraft.ui.reads.UiReads;
import io.updraft.ui.reads.UiReads.DagRow;
import io.updraft.ui.reads.UiReads.RunRow;
import io.updraft.ui.reads.UiReads.TaskRow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;

/**
 * Read-only aggregates for the web UI, under {@code /ui} with the REST API's authentication (any role may read).
 * Each answers what one view shows in one call, from at most two queries.
 */
@Controller("/ui")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UiController {

    private static final int MAX_LIMIT = 500;

    private final LoadedDags dags;
    private final ImportErrorStore importErrors;
    private final DagWarningStore dagWarnings;
    private final OperatorRegistry operators;
    private final UpdraftConfig config;
    private final Lookup lookup;
    private final UiReads queries;
    private final LiveEvents events;
    private final ScheduleWords words = new ScheduleWords();

    public UiController(UiReads queries, LoadedDags dags, ImportErrorStore importErrors,
                        DagWarningStore dagWarnings, OperatorRegistry operators, UpdraftConfig config, Lookup lookup,
                        LiveEvents events) {
        this.dags = dags;
        this.importErrors = importErrors;
        this.dagWarnings = dagWarnings;
        this.operators = operators;
        this.config = config;
        this.lookup = lookup;
        this.events = events;
        this.queries = queries;
    }

    /**
     * The DAG list: filters {@code name} (id or display name, substring), {@code tags}, {@code owners},
     * {@code state} (of the last run), {@code paused}; each DAG with its schedule in words, next run and latest runs.
     */
    @Get("/dags")
    public Map<String, Object> dags(HttpRequest<?> request) {
        Query query = Query.of(request);
        int limit = limit(query.integer("limit"), 50);
        int offset = Math.max(0, Optional.ofNullable(query.integer("offset")).orElse(0));
        int perDag = Math.min(50, limit(query.integer("runs"), 14));
        String name = Optional.ofNullable(query.string("name")).orElse("").trim().toLowerCase(Locale.ROOT);
        List<String> tags = query.all("tags");
        List<String> owners = query.all("owners");
        String state = query.string("state");
        Boolean paused = query.bool("paused");

        List<DagRow> all = queries.dags();
        TreeSet<String> allTags = new TreeSet<>();
        TreeSet<String> allOwners = new TreeSet<>();
        for (DagRow dag : all) {
            allTags.addAll(dag.tags());
            allOwners.addAll(owners(dag));
        }
        Predicate<DagRow> matches = dag -> (name.isEmpty() || dag.dagId().toLowerCase(Locale.ROOT).contains(name)
                || (dag.displayName() != null && dag.displayName().toLowerCase(Locale.ROOT).contains(name)))
                && (tags.isEmpty() || dag.tags().stream().anyMatch(tags::contains))
                && (owners.isEmpty() || owners(dag).stream().anyMatch(owners::contains))
                && (paused == null || dag.paused() == paused);
        List<DagRow> filtered = all.stream().filter(matches).toList();
        Map<String, List<RunRow>> lastRuns = null;
        if (state != null && !state.isBlank()) {
            lastRuns = queries.recentRuns(null, 1);
            Map<String, List<RunRow>> last = lastRuns;
            filtered = filtered.stream().filter(dag -> {
                List<RunRow> runs = last.get(dag.dagId());
                return state.equals("none") ? runs == null : runs != null && state.equals(runs.get(0).state());
            }).toList();
        }
        List<DagRow> page = filtered.subList(Math.min(offset, filtered.size()),
                Math.min(offset + limit, filtered.size()));
        Map<String, List<RunRow>> recent = queries.recentRuns(page.stream().map(DagRow::dagId).toList(), perDag);
        List<Map<String, Object>> items = new ArrayList<>();
        for (DagRow dag : page) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("dag_id", dag.dagId());
            item.put("dag_display_name", dag.displayName() == null ? dag.dagId() : dag.displayName());
            item.put("description", dag.description());
            item.put("is_paused", dag.paused());
            item.put("owners", owners(dag));
            item.put("tags", dag.tags());
            Optional<Dag> loaded = dags.find(dag.dagId());
            item.put("schedule", loaded.map(d -> d.schedule().text()).orElse(dag.timetableSummary()));
            item.put("schedule_description", loaded.map(d -> words.describe(d.schedule()))
                    .orElseGet(() -> words.describe(dag.timetableSummary())));
            item.put("next_dagrun", Dates.iso(dag.nextDagrun()));
            item.put("has_import_errors", dag.hasImportErrors());
            item.put("fileloc", dag.fileloc());
            List<RunRow> runs = recent.getOrDefault(dag.dagId(), List.of());
            item.put("latest_runs", runs.stream().map(UiController::run).toList());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dags", items);
        body.put("total_entries", filtered.size());
        body.put("all_tags", allTags);
        body.put("all_owners", allOwners);
        body.put("import_errors", importErrors.count());
        body.put("dag_warnings", dagWarnings.count());
        return body;
    }

    /** Every DAG warning, the loader's own types ("dag config") too, in /api/v2/dagWarnings' shape. */
    @Get("/dagWarnings")
    public Map<String, Object> dagWarnings(HttpRequest<?> request) {
        return DagWarningsController.listing(lookup, config, Query.of(request),
                DagWarningsController.ALL_WARNING_TYPES);
    }

    /** A DAG's tasks, groups (nested) and edges, for the grid rows and the graph; from the loaded definition. */
    @Get("/dags/{dag_id}/structure")
    public Map<String, Object> structure(@PathVariable("dag_id") String dagId) {
        Dag dag = lookup.loadedDag(dagId);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Task task : dag.tasks().values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("task_id", task.taskId());
            item.put("label", task.displayName() != null && !task.displayName().equals(task.taskId())
                    ? task.displayName() : shortId(task.taskId()));
            item.put("group_id", task.groupId());
            item.put("operator", shortId(operators.operatorClassName(task.operator())));
            item.put("upstream", List.copyOf(task.upstream()));
            item.put("is_mapped", task.isMapped());
            item.put("trigger_rule", task.triggerRule() == null ? null : task.triggerRule().value());
            tasks.add(item);
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (TaskGroup group : dag.taskGroups().values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("group_id", group.groupId());
            item.put("label", shortId(group.groupId()));
            item.put("parent_group_id", group.parentGroupId());
            item.put("tooltip", group.tooltip());
            groups.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_id", dagId);
        body.put("dag_display_name", dag.displayName() == null ? dagId : dag.displayName());
        body.put("version_hash", dag.versionHash());
        body.put("schedule", dag.schedule().text());
        body.put("schedule_description", words.describe(dag.schedule()));
        body.put("params", dag.params());
        body.put("tasks", tasks);
        body.put("groups", groups);
        return body;
    }

    /** The grid: the latest {@code limit} runs (oldest first) and the state of every task instance in them. */
    @Get("/dags/{dag_id}/grid")
    public Map<String, Object> grid(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        lookup.dag(dagId);
        Query query = Query.of(request);
        int limit = limit(query.integer("limit"), 25);
        Instant before = query.instant("before");
        List<RunRow> runs = new ArrayList<>(queries.runs(dagId, limit, before));
        runs.sort(Comparator.comparing((RunRow r) -> r.runAfter() == null ? Instant.MIN : r.runAfter()));
        List<TaskRow> instances = queries.taskInstances(dagId, runs.stream().map(RunRow::runId).toList());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_id", dagId);
        body.put("runs", runs.stream().map(UiController::run).toList());
        body.put("instances", GridCells.of(instances));
        return body;
    }

    /** One run's state and its task instances' states: what the graph needs to repaint. */
    @Get("/dags/{dag_id}/runs/{run_id}/states")
    public Map<String, Object> runStates(@PathVariable("dag_id") String dagId, @PathVariable("run_id") String runId) {
        RunRow run = queries.run(dagId, runId).orElseThrow(() -> ApiException.notFound(
                "The DagRun with dag_id: `" + dagId + "` and run_id: `" + runId + "` was not found"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run(run));
        Map<String, Map<String, Map<String, Object>>> cells = GridCells.of(queries.taskInstances(dagId, List.of(runId)));
        body.put("tasks", cells.getOrDefault(runId, Map.of()));
        return body;
    }

    /** The task's duration and state in the DAG's latest runs (oldest first), for its chart. */
    @Get("/dags/{dag_id}/tasks/{task_id}/durations")
    public Map<String, Object> durations(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                         @PathVariable("task_id") String taskId) {
        lookup.dag(dagId);
        int limit = limit(Query.of(request).integer("limit"), 50);
        List<Map<String, Object>> points = new ArrayList<>();
        for (UiReads.DurationRow row : queries.durations(dagId, taskId, limit)) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("run_id", row.runId());
            point.put("run_after", Dates.iso(row.runAfter()));
            point.put("map_index", row.mapIndex());
            point.put("state", row.state());
            point.put("try_number", row.tryNumber());
            point.put("start_date", Dates.iso(row.startDate()));
            point.put("duration", Dates.seconds(row.startDate(), row.endDate()));
            points.add(0, point);
        }
        return Map.of("dag_id", dagId, "task_id", taskId, "durations", points);
    }

    /**
     * The log of one try from byte {@code offset} on, so a view can tail a running task by asking for what was
     * added since its last call.
     */
    @Get("/dags/{dag_id}/runs/{run_id}/tasks/{task_id}/logs/{try_number}")
    public Map<String, Object> log(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                   @PathVariable("run_id") String runId, @PathVariable("task_id") String taskId,
                                   @PathVariable("try_number") int tryNumber) {
        Query query = Query.of(request);
        int mapIndex = Optional.ofNullable(query.integer("map_index")).orElse(-1);
        long offset = Math.max(0, Optional.ofNullable(query.integer("offset")).orElse(0));
        lookup.dag(dagId);
        TaskInstanceKey key = new TaskInstanceKey(dagId, runId, taskId, mapIndex);
        Path file = LogPaths.attemptLog(config.logsFolder(), key, tryNumber);
        String text = "";
        long end = offset;
        if (Files.exists(file)) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long length = raf.length();
                if (offset > length) {
                    offset = 0; // the file was replaced (a cleared task ran again): start over
                }
                int size = (int) Math.min(length - offset, 4L << 20);
                byte[] bytes = new byte[size];
                raf.seek(offset);
                raf.readFully(bytes);
                // never cut a UTF-8 sequence: stop before a trailing partial character
                int usable = completeUtf8(bytes);
                text = new String(bytes, 0, usable, StandardCharsets.UTF_8);
                end = offset + usable;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("offset", offset);
        body.put("next_offset", end);
        // masked again here for secrets known only since the line was written; offsets stay the file's
        body.put("text", SecretsMasker.global().mask(text));
        body.put("exists", Files.exists(file));
        return body;
    }

    /** Server-sent events: the run and task states the engine commits, batched about five times a second. */
    @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.IO)
    public Publisher<Event<String>> events() {
        return events.publisher();
    }

    static int completeUtf8(byte[] bytes) {
        int end = bytes.length;
        int i = end - 1;
        int continuation = 0;
        while (i >= 0 && (bytes[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return end;
        }
        int lead = bytes[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return needed > continuation ? i : end;
    }

    private static Map<String, Object> run(RunRow run) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("run_id", run.runId());
        item.put("state", run.state());
        item.put("run_type", run.runType());
        item.put("logical_date", Dates.iso(run.logicalDate()));
        item.put("run_after", Dates.iso(run.runAfter()));
        item.put("start_date", Dates.iso(run.startDate()));
        item.put("end_date", Dates.iso(run.endDate()));
        item.put("duration", Dates.seconds(run.startDate(), run.endDate()));
        return item;
    }

    private static List<String> owners(DagRow dag) {
        if (dag.owners() == null || dag.owners().isBlank()) {
            return List.of();
        }
        return Arrays.stream(dag.owners().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String shortId(String id) {
        if (id == null) {
            return null;
        }
        int dot = id.lastIndexOf('.');
        return dot < 0 ? id : id.substring(dot + 1);
    }

    private static int limit(Integer requested, int fallback) {
        if (requested == null) {
            return fallback;
        }
        if (requested < 1) {
            throw ApiException.badRequest("limit must be at least 1, not " + requested);
        }
        return Math.min(requested, MAX_LIMIT);
    }
}
