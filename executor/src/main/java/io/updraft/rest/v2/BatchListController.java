package io.updraft.rest.v2;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The batch lists, whose filters come in a body rather than the query: {@code POST /dags/~/dagRuns/list} and
 * {@code POST /dags/~/dagRuns/~/taskInstances/list}; pages default to 100 there.
 */
@Controller("/api/v2/dags/{dag_id}/dagRuns")
public class BatchListController {

    private static final List<String> DATE_FIELDS = List.of("run_after", "logical_date", "start_date", "end_date");

    private final Lookup lookup;
    private final Views views;

    public BatchListController(Lookup lookup, Views views) {
        this.lookup = lookup;
        this.views = views;
    }

    @Post("/list")
    public Map<String, Object> runs(@PathVariable("dag_id") String dagId, @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, fields("order_by", "page_offset",
                "page_limit", "dag_ids", "states"));
        List<String> dagIds = body.strings("dag_ids");
        List<String> states = body.strings("states");
        Predicate<DagRun> filter = dateFilter(body, DagRun::runAfter, DagRun::logicalDate, DagRun::startDate,
                DagRun::endDate);
        List<DagRun> matching = lookup.runs(dagId).stream()
                .filter(r -> dagIds == null || dagIds.contains(r.dagId()))
                .filter(r -> states == null || states.contains(r.state().value()))
                .filter(filter).toList();
        Page<DagRun> page = page(body, matching, DagRunsController.ORDER, "id");
        return Map.of("dag_runs", page.items().stream().map(views::run).toList(), "total_entries", page.total());
    }

    @Post("/{dag_run_id}/taskInstances/list")
    public Map<String, Object> taskInstances(@PathVariable("dag_id") String dagId,
                                             @PathVariable("dag_run_id") String runId, @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, fields("order_by", "page_offset",
                "page_limit", "dag_ids", "dag_run_ids", "task_ids", "state", "pool", "queue", "executor"));
        List<String> dagIds = body.strings("dag_ids");
        List<String> runIds = body.strings("dag_run_ids");
        List<String> taskIds = body.strings("task_ids");
        List<String> states = nullableStrings(body, "state");
        List<String> pools = body.strings("pool");
        List<String> queues = body.strings("queue");
        body.strings("executor");
        Map<String, DagRun> runs = new HashMap<>();
        List<TaskInstance> all = new ArrayList<>();
        for (TaskInstance ti : lookup.taskInstances(dagId, runId)) {
            all.add(ti);
        }
        Predicate<TaskInstance> dates = dateFilter(body,
                ti -> run(runs, ti).runAfter(), ti -> run(runs, ti).logicalDate(), TaskInstance::startDate,
                TaskInstance::endDate);
        List<TaskInstance> matching = all.stream()
                .filter(ti -> dagIds == null || dagIds.contains(ti.dagId()))
                .filter(ti -> runIds == null || runIds.contains(ti.runId()))
                .filter(ti -> taskIds == null || taskIds.contains(ti.taskId()))
                .filter(ti -> states == null || states.stream().anyMatch(s -> TaskState.of(s) == ti.state()))
                .filter(ti -> pools == null || pools.contains(ti.pool()))
                .filter(ti -> queues == null || queues.contains(ti.queue()))
                .filter(dates).toList();
        Map<String, java.util.Comparator<TaskInstance>> order = new HashMap<>(TaskInstancesController.ORDER);
        order.put("", Page.by(TaskInstance::mapIndex).thenComparing(TaskInstance::dagId)
                .thenComparing(TaskInstance::runId).thenComparing(TaskInstance::taskId));
        Page<TaskInstance> page = page(body, matching, order, "");
        return Map.of("task_instances", views.taskInstances(page.items()), "total_entries", page.total());
    }

    private DagRun run(Map<String, DagRun> cache, TaskInstance ti) {
        return cache.computeIfAbsent(ti.dagId() + "\u0000" + ti.runId(),
                k -> lookup.run(ti.dagId(), ti.runId()));
    }

    /** States may include null (Airflow's "none" state). */
    private static List<String> nullableStrings(io.updraft.rest.Body body, String field) {
        Object value = body.value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw body.invalid("list_type", field, "Input should be a valid list", value);
        }
        List<String> states = new ArrayList<>();
        for (Object item : list) {
            String state = item == null ? null : item.toString();
            try {
                TaskState.of(state);
            } catch (IllegalArgumentException e) {
                throw body.invalid("enum", field, "Input should be a valid task instance state", item);
            }
            states.add(state);
        }
        return states;
    }

    private static Set<String> fields(String... names) {
        Set<String> all = new java.util.HashSet<>(List.of(names));
        for (String date : DATE_FIELDS) {
            all.add(date + "_gte");
            all.add(date + "_lte");
        }
        return all;
    }

    @SafeVarargs
    private static <T> Predicate<T> dateFilter(io.updraft.rest.Body body, Function<T, Instant>... values) {
        Predicate<T> all = t -> true;
        for (int i = 0; i < DATE_FIELDS.size(); i++) {
            Instant gte = body.instant(DATE_FIELDS.get(i) + "_gte");
            Instant lte = body.instant(DATE_FIELDS.get(i) + "_lte");
            Function<T, Instant> value = values[i];
            if (gte != null || lte != null) {
                all = all.and(t -> {
                    Instant v = value.apply(t);
                    return v != null && (gte == null || !v.isBefore(gte)) && (lte == null || !v.isAfter(lte));
                });
            }
        }
        return all;
    }

    private static <T> Page<T> page(io.updraft.rest.Body body, List<T> items,
                                    Map<String, java.util.Comparator<T>> order, String primary) {
        Integer limit = body.integer("page_limit");
        Integer offset = body.integer("page_offset");
        if (limit != null && limit < 0) {
            throw body.invalid("greater_than_equal", "page_limit", "Input should be greater than or equal to 0", limit);
        }
        if (offset != null && offset < 0) {
            throw body.invalid("greater_than_equal", "page_offset", "Input should be greater than or equal to 0",
                    offset);
        }
        Object orderBy = body.value("order_by");
        List<String> fields = orderBy == null ? List.of() : orderBy instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(orderBy));
        return Page.of(items, limit, offset, fields, 100, order, primary);
    }
}
