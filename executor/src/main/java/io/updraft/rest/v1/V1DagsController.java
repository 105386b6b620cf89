package io.updraft.rest.v1;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.listing.DagFilter;
import io.updraft.listing.DagSort;
import io.updraft.rest.ApiException;
import io.updraft.rest.Page;
import io.updraft.rest.v2.DagsController;
import io.updraft.rest.Query;
import io.updraft.dag.DagRecord;
import io.updraft.dag.Pausing;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/** Airflow 2's {@code /api/v1/dags}: list, get and pause. */
@Controller("/api/v1/dags")
public class V1DagsController {

    /** v2's order_by keys but the display name, which Airflow 2 had not. */
    private static final Set<DagSort> SORTABLE = EnumSet.complementOf(EnumSet.of(DagSort.DAG_DISPLAY_NAME));

    private final V1Lookup lookup;
    private final V1Views views;
    private final Pausing pausing;

    public V1DagsController(V1Lookup lookup, V1Views views, Pausing pausing) {
        this.pausing = pausing;
        this.lookup = lookup;
        this.views = views;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        List<String> tags = query.all("tags");
        boolean onlyActive = query.bool("only_active", true);
        Boolean paused = query.bool("paused");
        DagFilter filter = new DagFilter(query.string("dag_id_pattern"), null, paused,
                onlyActive ? Boolean.FALSE : null, null, tags, false, List.of(), null);
        Page<DagRecord> page = Page.of(lookup.base().lists().dags(filter,
                Page.request(query, SORTABLE, DagsController.TIEBREAK)));
        return page.body("dags", views::dag);
    }

    @Get("/{dag_id}")
    public Map<String, Object> get(@PathVariable("dag_id") String dagId) {
        return views.dag(lookup.dag(dagId));
    }

    @Patch("/{dag_id}")
    public Map<String, Object> patch(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                     @Body @Nullable String text) {
        lookup.dag(dagId);
        List<String> mask = Query.of(request).all("update_mask");
        if (!mask.isEmpty() && !mask.equals(List.of("is_paused"))) {
            throw new ApiException(400, "Only `is_paused` field can be updated through the REST API", null);
        }
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        Boolean paused = body.bool("is_paused", null);
        if (paused == null) {
            throw ApiException.badRequest("{'is_paused': ['Missing data for required field.']}");
        }
        pausing.setPaused(dagId, paused);
        return views.dag(lookup.dag(dagId));
    }
}
