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
import io.updraft.listing.DagRunFilter;
import io.updraft.listing.DagRunSort;
import io.updraft.listing.PageRequest;
import io.updraft.listing.SortKey;
import io.updraft.listing.TaskInstanceFilter;
import io.updraft.listing.TaskInstanceSort;
import io.updraft.listing.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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
        DagRunFilter filter = new DagRunFilter();
        dateRanges(body, (field, range) -> filter.bound(DagRunFilter.Date.valueOf(field), range));
        lookup.runsOf(dagId, filter).dagIds(dagIds).states(states);
        PageRequest<DagRunSort> window = window(body, DagRunsController.TIEBREAK);
        Page<DagRun> page = Page.of(lookup.lists().runs(filter, window));
        return page.body("dag_runs", views::run);
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
        TaskInstanceFilter filter = lookup.taskInstancesOf(dagId, runId);
        dateRanges(body, (field, range) -> filter.bound(TaskInstanceFilter.Date.valueOf(field), range));
        filter.dagIds(dagIds).runIds(runIds).taskIds(taskIds)
                .states(states == null ? null : states.stream().map(s -> TaskState.of(s).value()).toList())
                .pools(pools).queues(queues);
        PageRequest<TaskInstanceSort> window = window(body, TaskInstancesController.TIEBREAK);
        Page<TaskInstance> page = Page.of(lookup.lists().taskInstances(filter, window));
        return Page.body("task_instances", views.taskInstances(page.items()), page.total());
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

    /**
     * The {@code <field>_gte} and {@code <field>_lte} bounds, in DATE_FIELDS' order, each handed to {@code bound}
     * with the field's name in upper case (the filters' Date constant).
     */
    private static void dateRanges(io.updraft.rest.Body body, BiConsumer<String, TimeRange> bound) {
        for (String field : DATE_FIELDS) {
            bound.accept(field.toUpperCase(Locale.ROOT),
                    TimeRange.between(body.instant(field + "_gte"), body.instant(field + "_lte")));
        }
    }

    private static <F extends Enum<F> & SortKey> PageRequest<F> window(io.updraft.rest.Body body,
                                                                       List<F> tiebreak) {
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
        return Page.request(limit, offset, fields, 100, Page.everyKey(tiebreak), tiebreak);
    }
}
