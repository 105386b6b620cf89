package io.updraft.asset;

import java.time.Instant;
import java.util.Map;

/** Rows of the asset tables as the REST API and the UI read them. */
public final class AssetRecords {

    private AssetRecords() {
    }

    /** An asset known to the store. */
    public record StoredAsset(long id, String name, String uri, String group, Map<String, Object> extra,
                              boolean active, Instant createdAt, Instant updatedAt) {
    }

    /** An asset event; the source fields are null for an event created through the API. */
    public record StoredEvent(long id, long assetId, String name, String uri, String group, Map<String, Object> extra,
                              String sourceDagId, String sourceTaskId, String sourceRunId, int sourceMapIndex,
                              String partitionKey, Instant timestamp) {
    }

    /** An event an asset-scheduled DAG has not consumed yet (Airflow's AssetDagRunQueue). */
    public record QueuedEvent(String dagId, long assetId, Instant createdAt) {
    }

    /** An asset-triggered run decided from the queue, not yet created. */
    public record PendingRun(String dagId, String runId, Instant runAfter) {
    }

    /** An asset alias. */
    public record StoredAlias(long id, String name, String group) {
    }
}
