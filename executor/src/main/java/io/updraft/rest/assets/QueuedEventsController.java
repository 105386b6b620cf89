package io.updraft.rest.assets;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.updraft.asset.AssetRecords.QueuedEvent;
import io.updraft.asset.Assets;
import io.updraft.rest.ApiException;
import io.updraft.rest.Lookup;
import io.updraft.rest.Query;
import io.updraft.dag.DagStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queued asset events (Airflow's AssetDagRunQueue: events a DAG scheduled on assets has not consumed yet) per DAG,
 * per asset and per both, to read and to delete; and the events an asset-triggered run consumed
 * ({@code upstreamAssetEvents}). Airflow 3.3.2's paths, shapes and 404 messages.
 */
@Controller("/api/v2")
public class QueuedEventsController {

    private final Lookup lookup;
    private final Assets assets;
    private final AssetResponses responses;

    public QueuedEventsController(Lookup lookup, Assets assets, DagStore dags) {
        this.lookup = lookup;
        this.assets = assets;
        this.responses = new AssetResponses(assets, dags);
    }

    private Assets assets() {
        return assets;
    }

    @Get("/dags/{dag_id}/assets/queuedEvents")
    public Map<String, Object> ofDag(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        return responses.queuedCollection(assets().queries().queued(dagId, null, before(request)));
    }

    @Delete("/dags/{dag_id}/assets/queuedEvents")
    public HttpResponse<?> deleteOfDag(HttpRequest<?> request, @PathVariable("dag_id") String dagId) {
        if (assets().queries().deleteQueued(dagId, null, before(request)) == 0) {
            throw ApiException.notFound("Queue event with dag_id: `" + dagId + "` was not found");
        }
        return HttpResponse.noContent();
    }

    @Get("/dags/{dag_id}/assets/{asset_id}/queuedEvents")
    public Map<String, Object> ofDagAndAsset(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                             @PathVariable("asset_id") String assetId) {
        long id = AssetsController.assetId(assetId);
        List<QueuedEvent> events = assets().queries().queued(dagId, id, before(request));
        if (events.isEmpty()) {
            throw ApiException.notFound("Queued event with dag_id: `" + dagId + "` and asset_id: `" + id
                    + "` was not found");
        }
        return responses.queued(events.get(0));
    }

    @Delete("/dags/{dag_id}/assets/{asset_id}/queuedEvents")
    public HttpResponse<?> deleteOfDagAndAsset(HttpRequest<?> request, @PathVariable("dag_id") String dagId,
                                               @PathVariable("asset_id") String assetId) {
        long id = AssetsController.assetId(assetId);
        if (assets().queries().deleteQueued(dagId, id, before(request)) == 0) {
            throw ApiException.notFound("Queued event with dag_id: `" + dagId + "` and asset_id: `" + id
                    + "` was not found");
        }
        return HttpResponse.noContent();
    }

    @Get("/assets/{asset_id}/queuedEvents")
    public Map<String, Object> ofAsset(HttpRequest<?> request, @PathVariable("asset_id") String assetId) {
        long id = AssetsController.assetId(assetId);
        return responses.queuedCollection(assets().queries().queued(null, id, before(request)));
    }

    @Delete("/assets/{asset_id}/queuedEvents")
    public HttpResponse<?> deleteOfAsset(HttpRequest<?> request, @PathVariable("asset_id") String assetId) {
        long id = AssetsController.assetId(assetId);
        if (assets().queries().deleteQueued(null, id, before(request)) == 0) {
            throw ApiException.notFound("Queue event with asset_id: `" + id + "` was not found");
        }
        return HttpResponse.noContent();
    }

    @Get("/dags/{dag_id}/dagRuns/{dag_run_id}/upstreamAssetEvents")
    public Map<String, Object> upstream(@PathVariable("dag_id") String dagId,
                                        @PathVariable("dag_run_id") String runId) {
        lookup.run(dagId, runId);
        var events = assets().queries().consumedEvents(dagId, runId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asset_events", responses.events(events));
        body.put("total_entries", events.size());
        return body;
    }

    private static Instant before(HttpRequest<?> request) {
        return Query.of(request).instant("before");
    }
}
