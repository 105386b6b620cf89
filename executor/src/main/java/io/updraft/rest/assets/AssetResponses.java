package io.updraft.rest.assets;

import io.updraft.asset.AssetGraph;
import io.updraft.asset.AssetQueries;
import io.updraft.asset.AssetRecords.QueuedEvent;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.asset.Assets;
import io.updraft.rest.Dates;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Airflow 3.3.2's asset response bodies (AssetResponse, AssetEventResponse, QueuedEventResponse, ...). */
final class AssetResponses {

    private final Assets assets;
    private final DagStore dags;

    AssetResponses(Assets assets, DagStore dags) {
        this.assets = assets;
        this.dags = dags;
    }

    private Assets assets() {
        return assets;
    }

    /** Assets with their references (from the loaded DAGs), aliases and last event, in a few queries. */
    List<Map<String, Object>> assets(List<StoredAsset> page) {
        List<Long> ids = page.stream().map(StoredAsset::id).toList();
        Map<Long, StoredEvent> last = assets().queries().lastEvents(ids);
        Map<Long, List<StoredAlias>> aliases = assets().queries().aliasesOf(ids);
        AssetGraph graph = assets().graph();
        return page.stream().map(asset -> asset(asset, graph, last.get(asset.id()),
                aliases.getOrDefault(asset.id(), List.of()))).toList();
    }

    Map<String, Object> asset(StoredAsset asset) {
        return assets(List.of(asset)).get(0);
    }

    private Map<String, Object> asset(StoredAsset asset, AssetGraph graph, StoredEvent last,
                                      List<StoredAlias> aliases) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", asset.id());
        body.put("name", asset.name());
        body.put("uri", asset.uri());
        body.put("group", asset.group());
        body.put("extra", asset.extra());
        body.put("created_at", Dates.iso(asset.createdAt()));
        body.put("updated_at", Dates.iso(asset.updatedAt()));
        String created = Dates.iso(asset.createdAt());
        String updated = Dates.iso(asset.updatedAt());
        body.put("scheduled_dags", graph.scheduledDags(asset.name(), asset.uri()).stream().sorted().map(dagId -> {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("dag_id", dagId);
            ref.put("created_at", created);
            ref.put("updated_at", updated);
            return ref;
        }).toList());
        Function<AssetGraph.TaskRef, Map<String, Object>> task = ref -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dag_id", ref.dagId());
            out.put("task_id", ref.taskId());
            out.put("created_at", created);
            out.put("updated_at", updated);
            return out;
        };
        body.put("producing_tasks", graph.producers(asset.name(), asset.uri()).stream().map(task).toList());
        body.put("consuming_tasks", graph.consumers(asset.name(), asset.uri()).stream().map(task).toList());
        body.put("aliases", aliases.stream().map(AssetResponses::alias).toList());
        body.put("watchers", List.of());
        Map<String, Object> lastEvent = new LinkedHashMap<>();
        lastEvent.put("id", last == null ? null : last.id());
        lastEvent.put("timestamp", last == null ? null : Dates.iso(last.timestamp()));
        body.put("last_asset_event", last == null ? null : lastEvent);
        return body;
    }

    static Map<String, Object> alias(StoredAlias alias) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", alias.id());
        body.put("name", alias.name());
        body.put("group", alias.group());
        return body;
    }

    List<Map<String, Object>> events(List<StoredEvent> page) {
        Map<Long, List<AssetQueries.DagRunRef>> created = assets().queries().createdRuns(
                page.stream().map(StoredEvent::id).toList());
        return page.stream().map(event -> event(event, created.getOrDefault(event.id(), List.of()))).toList();
    }

    private static Map<String, Object> event(StoredEvent event, List<AssetQueries.DagRunRef> runs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("asset_id", event.assetId());
        body.put("uri", event.uri());
        body.put("name", event.name());
        body.put("group", event.group());
        body.put("extra", event.extra());
        body.put("source_task_id", event.sourceTaskId());
        body.put("source_dag_id", event.sourceDagId());
        body.put("source_run_id", event.sourceRunId());
        body.put("source_map_index", event.sourceMapIndex());
        body.put("created_dagruns", runs.stream().map(run -> {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("run_id", run.runId());
            ref.put("dag_id", run.dagId());
            ref.put("logical_date", Dates.iso(run.logicalDate()));
            ref.put("start_date", Dates.iso(run.startDate()));
            ref.put("end_date", Dates.iso(run.endDate()));
            ref.put("state", run.state());
            ref.put("data_interval_start", Dates.iso(run.dataIntervalStart()));
            ref.put("data_interval_end", Dates.iso(run.dataIntervalEnd()));
            ref.put("partition_key", null);
            ref.put("triggering", true);
            return ref;
        }).toList());
        body.put("timestamp", Dates.iso(event.timestamp()));
        body.put("partition_key", event.partitionKey());
        return body;
    }

    Map<String, Object> queued(QueuedEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_id", event.dagId());
        body.put("asset_id", event.assetId());
        body.put("created_at", Dates.iso(event.createdAt()));
        body.put("dag_display_name", dags.find(event.dagId()).map(DagRecord::dagDisplayName)
                .filter(name -> name != null).orElse(event.dagId()));
        return body;
    }

    Map<String, Object> queuedCollection(List<QueuedEvent> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queued_events", events.stream().map(this::queued).toList());
        body.put("total_entries", events.size());
        return body;
    }
}
