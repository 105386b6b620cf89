package io.updraft.listing;

import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.audit.AuditEvent;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagVersion;
import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.ImportErrorRecord;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import java.util.Collection;
import java.util.Map;

/**
 * The list endpoints' reads: filtered, ordered and paged by the store, with the total count of matching rows.
 * Implemented in {@code store}, which alone knows the columns behind filters and sort keys.
 */
public interface Lists {

    /** A run's key, to fetch the runs behind a page of task instances. */
    record RunKey(String dagId, String runId) {
    }

    Slice<DagRecord> dags(DagFilter filter, PageRequest<DagSort> page);

    /** The versions of one DAG (null: of every DAG). */
    Slice<DagVersion> dagVersions(String dagId, PageRequest<DagVersionSort> page);

    Slice<DagRun> runs(DagRunFilter filter, PageRequest<DagRunSort> page);

    Slice<TaskInstance> taskInstances(TaskInstanceFilter filter, PageRequest<TaskInstanceSort> page);

    /** The runs with these keys, in one query. */
    Map<RunKey, DagRun> runs(Collection<RunKey> keys);

    Slice<ImportErrorRecord> importErrors(ImportErrorFilter filter, PageRequest<ImportErrorSort> page);

    Slice<DagWarningRecord> dagWarnings(DagWarningFilter filter, PageRequest<DagWarningSort> page);

    Slice<AuditEvent> eventLogs(EventLogFilter filter, PageRequest<EventLogSort> page);

    Slice<StoredAsset> assets(AssetFilter filter, PageRequest<AssetSort> page);

    Slice<StoredEvent> assetEvents(AssetEventFilter filter, PageRequest<AssetEventSort> page);

    Slice<StoredAlias> assetAliases(AssetAliasFilter filter, PageRequest<AssetAliasSort> page);
}
