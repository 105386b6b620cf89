package io.updraft.rest.v2;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.updraft.config.UpdraftConfig;
import io.updraft.rest.Dates;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.dag.DagWarningRecord;
import io.updraft.listing.DagWarningFilter;
import io.updraft.listing.DagWarningSort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v2/dagWarnings}, in Airflow 3.3's shape ({@code dag_id}, {@code warning_type}, {@code message},
 * {@code timestamp}, {@code dag_display_name}; filters {@code dag_id} and {@code warning_type}), plus the
 * {@code filename} and {@code line} the loader found the warning at. Only warnings of Airflow's DagWarningType enum
 * are served here (Airflow's generated clients refuse other values); the loader's own ("dag config": an ignored or
 * misspelt key) are listed for the web UI at {@code /ui/dagWarnings}.
 */
@Controller("/api/v2/dagWarnings")
public class DagWarningsController {

    /** Airflow 3.3's DagWarningType values. */
    public static final List<String> AIRFLOW_WARNING_TYPES = List.of("asset conflict", "non-existent pool",
            "runtime varying value");
    /** Airflow's, and the loader's own. */
    public static final List<String> ALL_WARNING_TYPES = List.of("asset conflict", "non-existent pool",
            "runtime varying value", "dag config");

    private final Lookup lookup;
    private final UpdraftConfig config;

    public DagWarningsController(Lookup lookup, UpdraftConfig config) {
        this.lookup = lookup;
        this.config = config;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        return listing(lookup, config, Query.of(request), AIRFLOW_WARNING_TYPES);
    }

    /** The warnings of these types, filtered, sorted and paged as the request asks. */
    public static Map<String, Object> listing(Lookup lookup, UpdraftConfig config, Query query, List<String> types) {
        String type = query.string("warning_type");
        if (type != null && !types.contains(type)) {
            throw query.bad("enum", "warning_type", "Input should be " + String.join(", ",
                    types.stream().map(t -> "'" + t + "'").toList()), type);
        }
        DagWarningFilter filter = new DagWarningFilter(query.string("dag_id"), type, types);
        return Page.read(query, List.of(DagWarningSort.DAG_ID, DagWarningSort.ID),
                page -> lookup.lists().dagWarnings(filter, page)).body("dag_warnings", w -> response(config, w));
    }

    private static Map<String, Object> response(UpdraftConfig config, DagWarningRecord warning) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_id", warning.dagId());
        body.put("warning_type", warning.warningType());
        body.put("message", warning.message());
        body.put("timestamp", Dates.iso(warning.timestamp()));
        body.put("dag_display_name", warning.dagDisplayName() == null ? warning.dagId() : warning.dagDisplayName());
        body.put("filename", warning.filename() == null ? null
                : DagResponse.relative(warning.filename(), config.dagsFolder()));
        body.put("line", warning.line());
        return body;
    }
}
