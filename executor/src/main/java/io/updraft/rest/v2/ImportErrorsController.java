package io.updraft.rest.v2;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.config.UpdraftConfig;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.dag.ImportErrorRecord;
import io.updraft.dag.ImportErrorStore;
import io.updraft.listing.ImportErrorFilter;
import io.updraft.listing.ImportErrorSort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v2/importErrors}: DAG files that failed to load in the latest parse of the folder. */
@Controller("/api/v2/importErrors")
public class ImportErrorsController {

    private final Lookup lookup;
    private final ImportErrorStore importErrors;
    private final UpdraftConfig config;

    public ImportErrorsController(Lookup lookup, ImportErrorStore importErrors, UpdraftConfig config) {
        this.lookup = lookup;
        this.importErrors = importErrors;
        this.config = config;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        ImportErrorFilter filter = new ImportErrorFilter(query.string("filename_pattern"));
        return Page.read(query, List.of(ImportErrorSort.ID), page -> lookup.lists().importErrors(filter, page))
                .body("import_errors", this::response);
    }

    @Get("/{import_error_id}")
    public Map<String, Object> get(@PathVariable("import_error_id") String id) {
        ImportErrorRecord error = parse(id).flatMap(n -> importErrors.find(n))
                .orElseThrow(() -> ApiException.notFound("The ImportError with import_error_id: `" + id
                        + "` was not found"));
        return response(error);
    }

    private static java.util.Optional<Long> parse(String id) {
        try {
            return java.util.Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw io.updraft.rest.Validation.error("int_parsing", List.of("path", "import_error_id"),
                    "Input should be a valid integer, unable to parse string as an integer", id);
        }
    }

    private Map<String, Object> response(ImportErrorRecord error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("import_error_id", error.id());
        body.put("timestamp", Dates.iso(error.timestamp()));
        body.put("filename", DagResponse.relative(error.filename(), config.dagsFolder()));
        body.put("bundle_name", "dags-folder");
        body.put("stack_trace", error.stackTrace());
        return body;
    }
}
