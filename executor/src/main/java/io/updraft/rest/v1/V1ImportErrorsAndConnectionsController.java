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
import io.updraft.dag.ImportErrorRecord;
import io.updraft.dag.ImportErrorStore;
import io.updraft.listing.ImportErrorFilter;
import io.updraft.listing.ImportErrorSort;
import io.updraft.rest.v2.ConnectionsController;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Airflow 2's read-only views of import errors and connections; a connection's password and extra are
 * write-only there and never returned.
 */
@Controller("/api/v1")
public class V1ImportErrorsAndConnectionsController {

    /** What v2 adds to a connection, or v1 never returns. */
    private static final String[] NOT_V1 = {"password", "extra", "team_name"};

    private final Lookup lookup;
    private final ConnectionsController connections;
    private final ImportErrorStore importErrors;

    public V1ImportErrorsAndConnectionsController(Lookup lookup, ConnectionsController connections,
                                                  ImportErrorStore importErrors) {
        this.lookup = lookup;
        this.importErrors = importErrors;
        this.connections = connections;
    }

    @Get("/importErrors")
    public Map<String, Object> importErrors(HttpRequest<?> request) {
        return Page.read(Query.of(request), List.of(ImportErrorSort.ID),
                        page -> lookup.lists().importErrors(ImportErrorFilter.ALL, page))
                .body("import_errors", V1ImportErrorsAndConnectionsController::error);
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
        return error(importErrors.find(number).orElseThrow(() -> notFound));
    }

    @Get("/connections")
    public Map<String, Object> connections(HttpRequest<?> request) {
        return V1Translation.listWithout(connections.list(request), "connections", NOT_V1);
    }

    @Get("/connections/{connection_id}")
    public Map<String, Object> connection(@PathVariable("connection_id") String id) {
        return V1Translation.without(V1Translation.notFoundAs(new ApiException(404, "Connection not found",
                "The Connection with connection_id: `" + id + "` was not found"), () -> connections.get(id)), NOT_V1);
    }

    private static Map<String, Object> error(ImportErrorRecord error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("import_error_id", error.id());
        body.put("timestamp", Dates.iso(error.timestamp()));
        body.put("filename", error.filename());
        body.put("stack_trace", error.stackTrace());
        return body;
    }
}
