package io.updraft.rest.v1;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.rest.ApiException;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.Query;
import io.updraft.store.DagRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Airflow 2's {@code /api/v1/dags}: list, get and pause. */
@Controller("/api/v1/dags")
public class V1DagsController {

    private static final Map<String, Comparator<DagRecord>> ORDER = Map.of(
            "dag_id", Page.by(DagRecord::dagId),
            "next_dagrun", Page.by(DagRecord::nextDagrun),
            "last_parsed_time", Page.by(DagRecord::lastParsedTime));

    private final V1Lookup lookup;
    private final V1Views views;

    public V1DagsController(V1Lookup lookup, V1Views views) {
        this.lookup = lookup;
        this.views = views;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        List<String> tags = query.all("tags");
        boolean onlyActive = query.bool("only_active", true);
        Boolean paused = query.bool("paused");
        Predicate<String> pattern = Patterns.like(query.string("dag_id_pattern"));
        List<DagRecord> matching = lookup.base().updraft().dags().list(Integer.MAX_VALUE, 0).stream()
                .filter(d -> !onlyActive || !d.isStale())
                .filter(d -> paused == null || d.isPaused() == paused)
                .filter(d -> pattern.test(d.dagId()))
                .filter(d -> tags.isEmpty() || d.tags().stream().anyMatch(tags::contains))
                .toList();
        Page<DagRecord> page = Page.of(matching, query, ORDER, "dag_id");
        return Map.of("dags", page.items().stream().map(views::dag).toList(), "total_entries", page.total());
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
        lookup.base().updraft().setPaused(dagId, paused);
        return views.dag(lookup.dag(dagId));
    }
}
