package io.updraft.rest.assets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.asset.Assets;
import io.updraft.listing.AssetAliasFilter;
import io.updraft.listing.AssetAliasSort;
import io.updraft.listing.AssetEventFilter;
import io.updraft.listing.AssetEventSort;
import io.updraft.listing.AssetFilter;
import io.updraft.listing.AssetSort;
import io.updraft.listing.Lists;
import io.updraft.listing.PageRequest;
import io.updraft.listing.Slice;
import io.updraft.listing.TimeRange;
import io.updraft.rest.ApiException;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.dag.DagStore;
import java.time.Instant;
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

    private static final Set<String> CREATE_FIELDS = Set.of("asset_id", "extra", "partition_key", "access_control");

    private final Assets assets;
    private final Lists lists;
    private final AssetResponses responses;

    public AssetsController(Assets assets, Lists lists, DagStore dags) {
        this.assets = assets;
        this.lists = lists;
        this.responses = new AssetResponses(assets, dags);
    }

    private Assets assets() {
        return assets;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        String namePattern = query.string("name_pattern");
        String uriPattern = query.string("uri_pattern");
        String namePrefix = query.string("name_prefix_pattern");
        String uriPrefix = query.string("uri_prefix_pattern");
        boolean onlyActive = query.bool("only_active", true);
        List<String> dagIds = query.all("dag_ids");
        AssetFilter filter = new AssetFilter(namePattern, uriPattern, namePrefix, uriPrefix, onlyActive,
                dagIds.isEmpty() ? null : idsNamedBy(dagIds));
        Slice<StoredAsset> page = lists.assets(filter, Page.request(query, List.of(AssetSort.ID)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assets", responses.assets(page.items()));
        body.put("total_entries", page.total());
        return body;
    }

    /** The stored ids of the assets the DAGs are scheduled on or whose tasks produce or consume them. */
    private List<Long> idsNamedBy(List<String> dagIds) {
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
        return keys.stream().map(stored::get).filter(java.util.Objects::nonNull).toList();
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
        AssetAliasFilter filter = new AssetAliasFilter(null, query.string("name_pattern"),
                query.string("name_prefix_pattern"));
        Slice<StoredAlias> page = lists.assetAliases(filter, Page.request(query, List.of(AssetAliasSort.ID)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asset_aliases", page.items().stream().map(AssetResponses::alias).toList());
        body.put("total_entries", page.total());
        return body;
    }

    @Get("/aliases/{asset_alias_id}")
    public Map<String, Object> alias(@PathVariable("asset_alias_id") String aliasId) {
        long id = assetId(aliasId);
        AssetAliasFilter filter = new AssetAliasFilter(id, null, null);
        return lists.assetAliases(filter, new PageRequest<>(List.of(), List.of(AssetAliasSort.ID), 1, 0)).items()
                .stream()
                .findFirst().map(AssetResponses::alias).orElseThrow(() -> ApiException.notFound(
                        "The Asset Alias with ID: `" + id + "` was not found"));
    }

    @Get("/events")
    public Map<String, Object> events(HttpRequest<?> request) {
        Query query = Query.of(request);
        Integer assetId = query.integer("asset_id");
        String sourceDagId = query.string("source_dag_id");
        String sourceTaskId = query.string("source_task_id");
        String sourceRunId = query.string("source_run_id");
        Integer sourceMapIndex = query.integer("source_map_index");
        Instant gte = query.instant("timestamp_gte");
        Instant gt = query.instant("timestamp_gt");
        Instant lte = query.instant("timestamp_lte");
        Instant lt = query.instant("timestamp_lt");
        AssetEventFilter filter = new AssetEventFilter(assetId, sourceDagId, sourceTaskId, sourceRunId,
                sourceMapIndex, new TimeRange(gte, lte, gt, lt), query.string("name_pattern"),
                query.string("name_prefix_pattern"));
        Slice<StoredEvent> page = lists.assetEvents(filter,
                Page.request(query, List.of(AssetEventSort.TIMESTAMP, AssetEventSort.ID)));
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
}
