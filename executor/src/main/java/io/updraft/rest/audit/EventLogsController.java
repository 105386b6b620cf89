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
import io.updraft.listing.EventLogFilter;
import io.updraft.listing.EventLogSort;
import io.updraft.listing.Lists;
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

    private final AuditLog log;
    private final Lists lists;

    public EventLogsController(AuditLog log, Lists lists) {
        this.log = log;
        this.lists = lists;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        return page(lists, Query.of(request)).body("event_logs", EventLogsController::response);
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
    static Page<AuditEvent> page(Lists lists, Query query) {
        return Page.read(query, List.of(EventLogSort.ID), page -> lists.eventLogs(filter(query), page));
    }

    /** The filters v2 and v1 share (v1 has no patterns, map index or try). */
    static EventLogFilter filter(Query query) {
        return new EventLogFilter(query.string("dag_id"), query.string("task_id"), query.string("run_id"),
                query.integer("map_index"), query.integer("try_number"), query.string("owner"),
                query.string("event"), query.string("dag_id_pattern"), query.string("task_id_pattern"),
                query.string("run_id_pattern"), query.string("owner_pattern"), query.string("event_pattern"),
                query.instant("after"), query.instant("before"), query.all("included_events"),
                query.all("excluded_events"));
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
        private final Lists lists;

        public V1(AuditLog log, Lists lists) {
            this.log = log;
            this.lists = lists;
        }

        @Get
        public Map<String, Object> list(HttpRequest<?> request) {
            return page(lists, Query.of(request)).body("event_logs", V1::response);
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
