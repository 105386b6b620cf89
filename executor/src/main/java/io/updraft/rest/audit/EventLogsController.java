package io.updraft.rest.audit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.audit.AuditEvent;
import io.updraft.audit.AuditLog;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.rest.Validation;
import io.updraft.store.ListQuery;
import io.updraft.store.Listings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Airflow 3's {@code /api/v2/eventLogs}: the audit log, newest last by default, filtered by DAG, task, run, map
 * index, try, owner and event (exact, {@code *_pattern}, included and excluded events) and by time
 * ({@code before}, {@code after}).
 */
@Controller("/api/v2/eventLogs")
public class EventLogsController {

    /** order_by names (Airflow's) and their columns. */
    static final Map<String, ListQuery.Sort> SORT = Map.ofEntries(
            Map.entry("id", ListQuery.Sort.asc("id")),
            Map.entry("event_log_id", ListQuery.Sort.asc("id")),
            Map.entry("dttm", ListQuery.Sort.asc("dttm")),
            Map.entry("when", ListQuery.Sort.asc("dttm")),
            Map.entry("dag_id", ListQuery.Sort.nullable("dag_id")),
            Map.entry("task_id", ListQuery.Sort.nullable("task_id")),
            Map.entry("run_id", ListQuery.Sort.nullable("run_id")),
            Map.entry("event", ListQuery.Sort.asc("event")),
            Map.entry("logical_date", ListQuery.Sort.nullable("logical_date")),
            Map.entry("owner", ListQuery.Sort.nullable("owner")),
            Map.entry("extra", ListQuery.Sort.nullable("extra")));

    private final AuditLog log;
    private final Listings listings;

    public EventLogsController(AuditLog log, Listings listings) {
        this.log = log;
        this.listings = listings;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        return page(listings, Query.of(request)).body("event_logs", EventLogsController::response);
    }

    @Get("/{event_log_id}")
    public Map<String, Object> get(@PathVariable("event_log_id") String id) {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Validation.error("int_parsing", List.of("path", "event_log_id"),
                    "Input should be a valid integer, unable to parse string as an integer", id);
        }
        return response(log.find(number).orElseThrow(() -> ApiException.notFound("The Event Log with id: `" + id
                + "` not found")));
    }

    /** The page a list request asks for (v2 and v1). */
    static Page<AuditEvent> page(Listings listings, Query query) {
        return Page.read(query, SORT, List.of(ListQuery.Sort.asc("id")),
                window -> listings.eventLogs(filter(query), window));
    }

    /** The filters v2 and v1 share (v1 has no patterns, map index or try). */
    static ListQuery filter(Query query) {
        ListQuery where = new ListQuery()
                .equal("dag_id", query.string("dag_id"))
                .equal("task_id", query.string("task_id"))
                .equal("run_id", query.string("run_id"))
                .equal("map_index", query.integer("map_index"))
                .equal("try_number", query.integer("try_number"))
                .equal("owner", query.string("owner"))
                .equal("event", query.string("event"))
                .like("dag_id", query.string("dag_id_pattern"))
                .like("task_id", query.string("task_id_pattern"))
                .like("run_id", query.string("run_id_pattern"))
                .like("owner", query.string("owner_pattern"))
                .like("event", query.string("event_pattern"))
                .range("dttm", null, null, query.instant("after"), query.instant("before"));
        List<String> included = query.all("included_events");
        if (!included.isEmpty()) {
            where.in("event", included);
        }
        for (String excluded : query.all("excluded_events")) {
            where.notEqual("event", excluded);
        }
        return where;
    }

    static Map<String, Object> response(AuditEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_log_id", event.id());
        body.put("when", Dates.iso(event.when()));
        body.put("dag_id", event.dagId());
        body.put("task_id", event.taskId());
        body.put("run_id", event.runId());
        body.put("map_index", event.mapIndex());
        body.put("try_number", event.tryNumber());
        body.put("event", event.event());
        body.put("logical_date", Dates.iso(event.logicalDate()));
        body.put("owner", event.owner());
        body.put("extra", event.extra());
        body.put("dag_display_name", event.dagId());
        body.put("task_display_name", event.taskId());
        return body;
    }

    /** Airflow 2's {@code /api/v1/eventLogs}: the same log with v1's field names ({@code execution_date}). */
    @Controller("/api/v1/eventLogs")
    public static class V1 {

        private final AuditLog log;
        private final Listings listings;

        public V1(AuditLog log, Listings listings) {
            this.log = log;
            this.listings = listings;
        }

        @Get
        public Map<String, Object> list(HttpRequest<?> request) {
            return page(listings, Query.of(request)).body("event_logs", V1::response);
        }

        @Get("/{event_log_id}")
        public Map<String, Object> get(@PathVariable("event_log_id") long id) {
            return response(log.find(id).orElseThrow(() -> new ApiException(404, "Event Log not found",
                    "The Event Log with id: `" + id + "` not found")));
        }

        /** v2's fields, with Airflow 2's execution_date for logical_date and no display names. */
        private static Map<String, Object> response(AuditEvent event) {
            Map<String, Object> body = new LinkedHashMap<>();
            EventLogsController.response(event).forEach((name, value) -> {
                if (!name.endsWith("_display_name")) {
                    body.put(name.equals("logical_date") ? "execution_date" : name, value);
                }
            });
            return body;
        }
    }
}
