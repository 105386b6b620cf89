package io.updraft.asset;

import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.run.DagRun;
import io.updraft.run.RunIds;
import io.updraft.run.RunStore;
import io.updraft.run.RunType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Airflow's {@code triggering_asset_events} of an asset-triggered run: the events it consumed, grouped by their
 * asset's URI, each with its asset, extra, source task and {@code source_dag_run}; empty for other runs. Plain
 * maps and strings, so templates ({@code {{ (triggering_asset_events.values() | first | first).source_dag_id }}})
 * and Python tasks read the same.
 */
public final class TriggeringEvents implements Function<DagRun, Map<String, Object>> {

    private final AssetQueries queries;
    private final RunStore runs;

    public TriggeringEvents(AssetQueries queries, RunStore runs) {
        this.queries = queries;
        this.runs = runs;
    }

    @Override
    public Map<String, Object> apply(DagRun run) {
        Map<String, Object> byAsset = new LinkedHashMap<>();
        if (run.runType() != RunType.ASSET_TRIGGERED) {
            return byAsset;
        }
        for (StoredEvent event : queries.consumedEvents(run.dagId(), run.runId())) {
            @SuppressWarnings("unchecked")
            List<Object> events = (List<Object>) byAsset.computeIfAbsent(event.uri(), uri -> new ArrayList<>());
            events.add(describe(event));
        }
        return byAsset;
    }

    private Map<String, Object> describe(StoredEvent event) {
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("name", event.name());
        asset.put("uri", event.uri());
        asset.put("group", event.group());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("asset", asset);
        body.put("extra", event.extra());
        body.put("source_dag_id", event.sourceDagId());
        body.put("source_task_id", event.sourceTaskId());
        body.put("source_run_id", event.sourceRunId());
        body.put("source_map_index", event.sourceMapIndex());
        body.put("partition_key", event.partitionKey());
        body.put("timestamp", RunIds.isoformat(event.timestamp()));
        body.put("source_dag_run", event.sourceDagId() == null ? null : runs.findRun(event.sourceDagId(),
                event.sourceRunId()).map(TriggeringEvents::describe).orElse(null));
        return body;
    }

    private static Map<String, Object> describe(DagRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_id", run.dagId());
        body.put("run_id", run.runId());
        body.put("run_type", run.runType().value());
        body.put("logical_date", run.logicalDate() == null ? null : RunIds.isoformat(run.logicalDate()));
        body.put("data_interval_start", run.dataIntervalStart() == null ? null
                : RunIds.isoformat(run.dataIntervalStart()));
        body.put("data_interval_end", run.dataIntervalEnd() == null ? null : RunIds.isoformat(run.dataIntervalEnd()));
        body.put("conf", run.conf());
        return body;
    }
}
