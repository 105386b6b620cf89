package io.updraft.rest.v2;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.rest.InputLimits;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.rest.RunActions;
import io.updraft.schedule.BackfillDriver;
import io.updraft.schedule.BackfillRequest;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.ReprocessBehavior;
import io.updraft.server.SchedulerService;
import io.updraft.schedule.BackfillRecord;
import io.updraft.schedule.BackfillStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v2/backfills}: Airflow 3's backfills. A backfill is stored at once; its runs are created in the
 * background ({@link BackfillDriver}, which also resumes it after a restart), never more than its
 * {@code max_active_runs} queued or running at a time, and {@code completed_at} is set when they all exist and
 * none is queued or running. A paused backfill creates no run until unpaused; a cancelled one creates no more, its
 * queued runs fail, its running ones go on, and it is completed.
 */
@Controller("/api/v2/backfills")
@Requires(beans = SchedulerService.class)
public class BackfillsController {

    private static final Set<String> FIELDS = Set.of("dag_id", "from_date", "to_date", "run_backwards",
            "dag_run_conf", "reprocess_behavior", "max_active_runs");
    private static final Map<String, Comparator<BackfillRecord>> ORDER = Map.of(
            "id", Page.by(BackfillRecord::id), "created_at", Page.by(BackfillRecord::createdAt));

    private final Backfills backfills;
    private final BackfillDriver driver;
    private final BackfillStore store;
    private final RunActions actions;
    private final LoadedDags loadedDags;

    public BackfillsController(SchedulerService scheduler, RunActions actions, LoadedDags loadedDags,
                               BackfillStore store) {
        this.backfills = scheduler.backfills();
        this.driver = scheduler.backfillDriver();
        this.store = store;
        this.actions = actions;
        this.loadedDags = loadedDags;
    }

    @Post
    public Map<String, Object> create(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        BackfillRequest request = request(body);
        Dag dag = dag(request.dagId());
        validate(dag, request);
        return response(driver.start(dag, request));
    }

    /** Stops creating runs until unpaused. */
    @Put("/{backfill_id}/pause")
    public Map<String, Object> pause(@PathVariable("backfill_id") long backfillId) {
        return setPaused(backfillId, true);
    }

    @Put("/{backfill_id}/unpause")
    public Map<String, Object> unpause(@PathVariable("backfill_id") long backfillId) {
        return setPaused(backfillId, false);
    }

    private Map<String, Object> setPaused(long backfillId, boolean paused) {
        return driver.exclusively(backfillId, () -> {
            BackfillRecord backfill = notCompleted(backfillId);
            if (backfill.isPaused() != paused) {
                store.setPaused(backfillId, paused, Instant.now());
            }
            return response(store.find(backfillId).orElseThrow());
        });
    }

    /**
     * Airflow's cancel: pauses the backfill so that it creates no more runs, fails its queued runs (its running
     * ones go on), and marks it completed.
     */
    @Put("/{backfill_id}/cancel")
    public Map<String, Object> cancel(@PathVariable("backfill_id") long backfillId) {
        return driver.exclusively(backfillId, () -> {
            BackfillRecord backfill = notCompleted(backfillId);
            if (!backfill.isPaused()) {
                store.setPaused(backfillId, true, Instant.now());
            }
            for (String runId : store.runIds(backfillId)) {
                try {
                    actions.failIfQueued(backfill.dagId(), runId);
                } catch (ApiException e) {
                    if (e.status() != 404) { // a run deleted meanwhile needs nothing
                        throw e;
                    }
                }
            }
            store.markCompleted(backfillId, Instant.now());
            return response(store.find(backfillId).orElseThrow());
        });
    }

    private BackfillRecord notCompleted(long backfillId) {
        BackfillRecord backfill = store.find(nonNegative(backfillId)).orElseThrow(() -> ApiException.notFound(
                "Could not find backfill with id " + backfillId));
        if (backfill.completedAt() != null) {
            throw ApiException.conflict("Backfill is already completed.");
        }
        return backfill;
    }

    /** The logical dates a backfill would run, without creating anything. */
    @Post("/dry_run")
    public Map<String, Object> dryRun(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        BackfillRequest request = request(body);
        Dag dag = dag(request.dagId());
        List<Map<String, Object>> runs = validate(dag, request).stream()
                .filter(run -> run.action() == Backfills.Action.CREATE || run.action() == Backfills.Action.REPROCESS)
                .map(run -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("dag_id", dag.dagId());
                    item.put("logical_date", Dates.iso(run.info().logicalDate()));
                    return item;
                }).toList();
        return Map.of("backfills", runs, "total_entries", runs.size());
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        Page<BackfillRecord> page = Page.of(store.list(query.string("dag_id")), query, ORDER, "id");
        return page.body("backfills", this::response);
    }

    @Get("/{backfill_id}")
    public Map<String, Object> get(@PathVariable("backfill_id") long backfillId) {
        return response(store.find(nonNegative(backfillId)).orElseThrow(() -> ApiException.notFound(
                "Backfill with id " + backfillId + " not found")));
    }

    /** Airflow's backfill_id is a NonNegativeInt. */
    private static long nonNegative(long backfillId) {
        if (backfillId < 0) {
            throw io.updraft.rest.Validation.error("greater_than_equal", List.of("path", "backfill_id"),
                    "Input should be greater than or equal to 0", String.valueOf(backfillId));
        }
        return backfillId;
    }

    private static BackfillRequest request(io.updraft.rest.Body body) {
        body.require("dag_id");
        body.require("from_date");
        body.require("to_date");
        String reprocess = body.string("reprocess_behavior");
        ReprocessBehavior behavior;
        try {
            behavior = reprocess == null ? ReprocessBehavior.NONE : ReprocessBehavior.of(reprocess);
        } catch (IllegalArgumentException e) {
            throw body.invalid("enum", "reprocess_behavior", "Input should be 'none', 'failed' or 'completed'",
                    reprocess);
        }
        Integer maxActiveRuns = body.integer("max_active_runs");
        for (String required : List.of("dag_id", "from_date", "to_date")) {
            body.require(required);
            if (body.isNull(required)) {
                throw body.invalid("string_type", required, "Input should be a valid string", null);
            }
        }
        try {
            return new BackfillRequest(body.string("dag_id"), body.instant("from_date"), body.instant("to_date"),
                    Boolean.TRUE.equals(body.bool("run_backwards", false)), InputLimits.sized(body, "dag_run_conf", body.object("dag_run_conf")), behavior,
                    maxActiveRuns == null ? BackfillRequest.DEFAULT_MAX_ACTIVE_RUNS : maxActiveRuns);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private Dag dag(String dagId) {
        return loadedDags.find(dagId).orElseThrow(() -> ApiException.notFound(
                "Could not find dag " + dagId));
    }

    /** Plans the backfill; a DAG whose schedule cannot be backfilled is a 400 saying why. */
    private List<Backfills.PlannedRun> validate(Dag dag, BackfillRequest request) {
        try {
            return backfills.plan(dag, request);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private Map<String, Object> response(BackfillRecord backfill) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", backfill.id());
        body.put("dag_id", backfill.dagId());
        body.put("from_date", Dates.iso(backfill.fromDate()));
        body.put("to_date", Dates.iso(backfill.toDate()));
        body.put("dag_run_conf", backfill.dagRunConf());
        body.put("is_paused", backfill.isPaused());
        body.put("reprocess_behavior", backfill.reprocessBehavior());
        body.put("max_active_runs", backfill.maxActiveRuns());
        body.put("created_at", Dates.iso(backfill.createdAt()));
        body.put("completed_at", Dates.iso(backfill.completedAt()));
        body.put("updated_at", Dates.iso(backfill.updatedAt()));
        body.put("dag_display_name", loadedDags.find(backfill.dagId()).map(Dag::displayName)
                .orElse(backfill.dagId()));
        return body;
    }
}
