package io.updraft.rest.v1;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.store.Connection;
import io.updraft.store.ImportErrorRecord;
import io.updraft.store.ListQuery;
import io.updraft.rest.v2.ImportErrorsController;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Airflow 2's read-only views of import errors and connections; a connection's password and extra are
 * write-only there and never returned.
 */
@Controller("/api/v1")
public class V1ImportErrorsAndConnectionsController {

    private static final Map<String, Comparator<Connection>> CONNECTION_ORDER = Map.of(
            "connection_id", Page.by(Connection::connectionId), "conn_type", Page.by(Connection::connType));

    private final Lookup lookup;

    public V1ImportErrorsAndConnectionsController(Lookup lookup) {
        this.lookup = lookup;
    }

    @Get("/importErrors")
    public Map<String, Object> importErrors(HttpRequest<?> request) {
        Page<ImportErrorRecord> page = Page.of(lookup.listings().importErrors(new ListQuery(),
                Page.window(Query.of(request), ImportErrorsController.SORT, java.util.List.of(ListQuery.Sort.asc("id")))));
        return Map.of("import_errors", page.items().stream().map(V1ImportErrorsAndConnectionsController::error)
                .toList(), "total_entries", page.total());
    }

    @Get("/importErrors/{import_error_id}")
    public Map<String, Object> importError(@PathVariable("import_error_id") String id) {
        ApiException notFound = new ApiException(404, "Import error not found",
                "The ImportError with import_error_id: `" + id + "` was not found");
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw notFound;
        }
        return error(lookup.updraft().importErrors().find(number).orElseThrow(() -> notFound));
    }

    @Get("/connections")
    public Map<String, Object> connections(HttpRequest<?> request) {
        Page<Connection> page = Page.of(lookup.updraft().connections().list(Integer.MAX_VALUE, 0),
                Query.of(request), CONNECTION_ORDER, "connection_id");
        return Map.of("connections", page.items().stream().map(V1ImportErrorsAndConnectionsController::connection)
                .toList(), "total_entries", page.total());
    }

    @Get("/connections/{connection_id}")
    public Map<String, Object> connection(@PathVariable("connection_id") String id) {
        return connection(lookup.updraft().connections().find(id).orElseThrow(() -> new ApiException(404,
                "Connection not found", "The Connection with connection_id: `" + id + "` was not found")));
    }

    private static Map<String, Object> error(ImportErrorRecord error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("import_error_id", error.id());
        body.put("timestamp", Dates.iso(error.timestamp()));
        body.put("filename", error.filename());
        body.put("stack_trace", error.stackTrace());
        return body;
    }

    private static Map<String, Object> connection(Connection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection_id", connection.connectionId());
        body.put("conn_type", connection.connType());
        body.put("description", connection.description());
        body.put("host", connection.host());
        body.put("login", connection.login());
        body.put("schema", connection.schema());
        body.put("port", connection.port());
        return body;
    }
}
