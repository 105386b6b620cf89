package io.updraft.rest.assets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.asset.AssetQueries;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.asset.Assets;
import io.updraft.rest.ApiException;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.Query;
import io.updraft.dag.DagStore;
import io.updraft.store.ListQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v2/assets}: assets (list, get), aliases, and asset events (list, and POST to create an event from
 * outside, which queues and triggers the DAGs scheduled on the asset), in Airflow 3.3.2's shapes.
 */
@Controller("/api/v2/assets")
public class AssetsController {

    private static final Map<String, ListQuery.Sort> ASSET_ORDER = Map.of(
            "id", ListQuery.Sort.asc("id"), "name", ListQuery.Sort.asc("name"), "uri", ListQuery.Sort.asc("uri"),
            "created_at", ListQuery.Sort.asc("created_at"), "updated_at", ListQuery.Sort.asc("updated_at"));
    private static final Map<String, ListQuery.Sort> EVENT_ORDER = Map.of(
            "source_task_id", ListQuery.Sort.asc("e.source_task_id"),
            "source_dag_id", ListQuery.Sort.asc("e.source_dag_id"),
            "source_run_id", ListQuery.Sort.asc("e.source_run_id"),
            "source_map_index", ListQuery.Sort.asc("e.source_map_index"),
            "timestamp", ListQuery.Sort.asc("e.\"timestamp\""), "id", ListQuery.Sort.asc("e.id"));
    private static final Map<String, ListQuery.Sort> ALIAS_ORDER = Map.of(
            "id", ListQuery.Sort.asc("id"), "name", ListQuery.Sort.asc("name"));
    private static final Set<String> CREATE_FIELDS = Set.of("asset_id", "extra", "partition_key", "access_control");

    private final Assets assets;
    private final AssetResponses responses;

    public AssetsController(Assets assets, DagStore dags) {
        this.assets = assets;
        this.responses = new AssetResponses(assets, dags);
    }

    private Assets assets() {
        return assets;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        AssetQueries.Where where = new AssetQueries.Where();
        like(where, "name", query.string("name_pattern"));
        like(where, "uri", query.string("uri_pattern"));
        prefix(where, "name", query.string("name_prefix_pattern"));
        prefix(where, "uri", query.string("uri_prefix_pattern"));
        if (query.bool("only_active", true)) {
            where.add("active = TRUE");
        }
        List<String> dagIds = query.all("dag_ids");
        if (!dagIds.isEmpty()) {
            where.add("id IN (<dag_asset_ids>)", "dag_asset_ids", idsNamedBy(dagIds));
        }
        AssetQueries.Slice<StoredAsset> page = assets().queries().assets(where,
                window(query, ASSET_ORDER, "id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assets", responses.assets(page.items()));
        body.put("total_entries", page.total());
        return body;
    }

    /** The stored ids of the assets the DAGs are scheduled on or whose tasks produce or consume them. */
    private List<Object> idsNamedBy(List<String> dagIds) {
        Set<String> wanted = Set.copyOf(dagIds);
        var graph = assets().graph();
        Set<String> keys = new LinkedHashSet<>();
        for (var asset : graph.assets()) {
            boolean named = graph.scheduledDags(asset.name(), asset.uri()).stream().anyMatch(wanted::contains)
                    || graph.producers(asset.name(), asset.uri()).stream().anyMatch(t -> wanted.contains(t.dagId()))
                    || graph.consumers(asset.name(), asset.uri()).stream().anyMatch(t -> wanted.contains(t.dagId()));
            if (named) {
                keys.add(asset.key());
            }
        }
        Map<String, Long> stored = assets().queries().idsByKey();
        List<Object> ids = new ArrayList<>();
        keys.stream().map(stored::get).filter(java.util.Objects::nonNull).forEach(ids::add);
        if (ids.isEmpty()) {
            ids.add(-1L); // IN () is not SQL
        }
        return ids;
    }

    @Get("/{asset_id}")
    public Map<String, Object> get(@PathVariable("asset_id") String assetId) {
        return responses.asset(find(assetId));
    }

    private StoredAsset find(String assetId) {
        long id = assetId(assetId);
        return assets().queries().asset(id).orElseThrow(() -> ApiException.notFound(
                "The Asset with ID: `" + id + "` was not found"));
    }

    static long assetId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw io.updraft.rest.Validation.error("int_parsing", List.of("path", "asset_id"),
                    "Input should be a valid integer, unable to parse string as an integer", text);
        }
    }

    @Get("/aliases")
    public Map<String, Object> aliases(HttpRequest<?> request) {
        Query query = Query.of(request);
        AssetQueries.Where where = new AssetQueries.Where();
        like(where, "name", query.string("name_pattern"));
        prefix(where, "name", query.string("name_prefix_pattern"));
        AssetQueries.Slice<StoredAlias> page = assets().queries().aliases(where, window(query, ALIAS_ORDER, "id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asset_aliases", page.items().stream().map(AssetResponses::alias).toList());
        body.put("total_entries", page.total());
        return body;
    }

    @Get("/aliases/{asset_alias_id}")
    public Map<String, Object> alias(@PathVariable("asset_alias_id") String aliasId) {
        long id = assetId(aliasId);
        AssetQueries.Where where = new AssetQueries.Where().add("id = :id", "id", id);
        return assets().queries().aliases(where, new AssetQueries.Window(List.of("id ASC"), 1, 0)).items().stream()
                .findFirst().map(AssetResponses::alias).orElseThrow(() -> ApiException.notFound(
                        "The Asset Alias with ID: `" + id + "` was not found"));
    }

    @Get("/events")
    public Map<String, Object> events(HttpRequest<?> request) {
        Query query = Query.of(request);
        AssetQueries.Where where = new AssetQueries.Where()
                .add("e.asset_id = :asset_id", "asset_id", query.integer("asset_id"))
                .add("e.source_dag_id = :source_dag_id", "source_dag_id", query.string("source_dag_id"))
                .add("e.source_task_id = :source_task_id", "source_task_id", query.string("source_task_id"))
                .add("e.source_run_id = :source_run_id", "source_run_id", query.string("source_run_id"))
                .add("e.source_map_index = :source_map_index", "source_map_index", query.integer("source_map_index"))
                .add("e.\"timestamp\" >= :ts_gte", "ts_gte", query.instant("timestamp_gte"))
                .add("e.\"timestamp\" > :ts_gt", "ts_gt", query.instant("timestamp_gt"))
                .add("e.\"timestamp\" <= :ts_lte", "ts_lte", query.instant("timestamp_lte"))
                .add("e.\"timestamp\" < :ts_lt", "ts_lt", query.instant("timestamp_lt"));
        like(where, "a.name", query.string("name_pattern"));
        prefix(where, "a.name", query.string("name_prefix_pattern"));
        AssetQueries.Slice<StoredEvent> page = assets().queries().events(where,
                window(query, EVENT_ORDER, "timestamp", "id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asset_events", responses.events(page.items()));
        body.put("total_entries", page.total());
        return body;
    }

    /** Airflow's create_asset_event: 200 with the event; the DAGs scheduled on the asset are queued and run. */
    @Post("/events")
    public Map<String, Object> createEvent(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, CREATE_FIELDS);
        body.require("asset_id");
        if (body.isNull("asset_id")) {
            throw body.invalid("int_type", "asset_id", "Input should be a valid integer", null);
        }
        long assetId = body.integer("asset_id");
        Map<String, Object> extra = body.has("extra") ? body.object("extra") : Map.of();
        String partitionKey = body.isNull("partition_key") ? null : body.string("partition_key", 250);
        StoredAsset asset = assets().queries().asset(assetId).orElseThrow(() -> ApiException.notFound(
                "Asset with ID: `" + assetId + "` was not found"));
        long eventId = assets().createEvent(asset, extra == null ? Map.of() : extra, partitionKey);
        StoredEvent event = assets().queries().event(eventId).orElseThrow();
        return responses.events(List.of(event)).get(0);
    }

    static void like(AssetQueries.Where where, String column, String pattern) {
        if (pattern != null && !Patterns.isAll(pattern)) {
            String name = column.replace('.', '_') + "_like";
            where.add("LOWER(" + column + ") LIKE :" + name, name, "%" + pattern.toLowerCase(java.util.Locale.ROOT)
                    + "%");
        }
    }

    static void prefix(AssetQueries.Where where, String column, String pattern) {
        if (pattern != null) {
            String name = column.replace('.', '_') + "_prefix";
            // '!' as the escape: Jdbi's statement lexer reads a quoted backslash as an escaped quote
            where.add(column + " LIKE :" + name + " ESCAPE '!'", name, pattern.replace("!", "!!")
                    .replace("%", "!%").replace("_", "!_") + "%");
        }
    }

    static AssetQueries.Window window(Query query, Map<String, ListQuery.Sort> sortable, String... primary) {
        List<ListQuery.Sort> tiebreak = new ArrayList<>();
        for (String field : primary) {
            tiebreak.add(sortable.get(field));
        }
        var window = Page.window(query, sortable, tiebreak);
        return new AssetQueries.Window(window.order().stream()
                .map(sort -> sort.expression() + (sort.descending() ? " DESC" : " ASC")).toList(),
                window.limit(), window.offset());
    }
}
