package io.updraft.store;

import io.updraft.asset.AssetQueries;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.audit.AuditEvent;
import io.updraft.listing.AssetAliasFilter;
import io.updraft.listing.AssetAliasSort;
import io.updraft.listing.AssetEventFilter;
import io.updraft.listing.AssetEventSort;
import io.updraft.listing.AssetFilter;
import io.updraft.listing.AssetSort;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagVersion;
import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.ImportErrorRecord;
import io.updraft.listing.DagFilter;
import io.updraft.listing.DagRunFilter;
import io.updraft.listing.DagRunSort;
import io.updraft.listing.DagSort;
import io.updraft.listing.DagVersionSort;
import io.updraft.listing.DagWarningFilter;
import io.updraft.listing.DagWarningSort;
import io.updraft.listing.EventLogFilter;
import io.updraft.listing.EventLogSort;
import io.updraft.listing.ImportErrorFilter;
import io.updraft.listing.ImportErrorSort;
import io.updraft.listing.Lists;
import io.updraft.listing.PageRequest;
import io.updraft.listing.Slice;
import io.updraft.listing.TaskInstanceFilter;
import io.updraft.listing.TaskInstanceSort;
import io.updraft.listing.TimeRange;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link Lists} over {@link Listings}: each resource's filter record turned into a {@link ListQuery} and its sort
 * keys into columns ({@link ListingColumns}).
 */
public final class JdbiListings implements Lists {

    private final Listings listings;
    private final AssetListings assets;

    public JdbiListings(Listings listings, AssetQueries assets) {
        this.listings = listings;
        this.assets = new AssetListings(assets);
    }

    @Override
    public Slice<DagRecord> dags(DagFilter filter, PageRequest<DagSort> page) {
        ListQuery where = new ListQuery()
                .like("dag_id", filter.dagIdPattern())
                .like(Listings.DAG_DISPLAY_NAME, filter.displayNamePattern())
                .equal("is_paused", filter.paused())
                .equal("is_stale", filter.stale())
                .equal("has_import_errors", filter.hasImportErrors())
                .in("dag_id", filter.dagIds());
        Listings.ownedBy(Listings.tagged(where, filter.tags(), filter.tagsMatchAll()), filter.owners());
        return slice(listings.dags(where, ListingColumns.window(page, ListingColumns::dag)));
    }

    @Override
    public Slice<DagVersion> dagVersions(String dagId, PageRequest<DagVersionSort> page) {
        return slice(listings.dagVersions(new ListQuery().equal("dag_id", dagId),
                ListingColumns.window(page, ListingColumns::dagVersion)));
    }

    @Override
    public Slice<DagRun> runs(DagRunFilter filter, PageRequest<DagRunSort> page) {
        ListQuery where = new ListQuery();
        for (DagRunFilter.Bound bound : filter.bounds()) {
            range(where, ListingColumns.runDate(bound.date()), bound.range());
        }
        where.equal("dag_id", filter.dagId())
                .in("dag_id", filter.dagIds())
                .in("state", filter.states())
                .in("run_type", filter.runTypes())
                .like("run_id", filter.runIdPattern());
        return slice(listings.runs(where, ListingColumns.window(page, ListingColumns::dagRun)));
    }

    @Override
    public Slice<TaskInstance> taskInstances(TaskInstanceFilter filter, PageRequest<TaskInstanceSort> page) {
        ListQuery where = new ListQuery().equal("dag_id", filter.dagId()).equal("run_id", filter.runId());
        if (filter.mappedTaskId() != null) {
            where.equal("task_id", filter.mappedTaskId()).atLeast("map_index", 0);
        }
        for (TaskInstanceFilter.Bound bound : filter.bounds()) {
            range(where, ListingColumns.taskInstanceDate(bound.date()), bound.range());
        }
        where.in("dag_id", filter.dagIds())
                .in("run_id", filter.runIds())
                .in("task_id", filter.taskIds())
                .in("state", filter.states())
                .in("pool", filter.pools())
                .in("queue", filter.queues())
                .equal("task_id", filter.taskId())
                .equal("map_index", filter.mapIndex())
                .equal("try_number", filter.tryNumber())
                .like("task_id", filter.taskIdPattern());
        return slice(listings.taskInstances(where, ListingColumns.window(page, ListingColumns::taskInstance)));
    }

    @Override
    public Map<RunKey, DagRun> runs(Collection<RunKey> keys) {
        Map<RunKey, DagRun> runs = new HashMap<>();
        listings.runs(keys.stream().map(key -> new Listings.RunKey(key.dagId(), key.runId())).toList())
                .forEach((key, run) -> runs.put(new RunKey(key.dagId(), key.runId()), run));
        return runs;
    }

    @Override
    public Slice<ImportErrorRecord> importErrors(ImportErrorFilter filter, PageRequest<ImportErrorSort> page) {
        ListQuery where = new ListQuery().like("filename", filter.filenamePattern());
        return slice(listings.importErrors(where, ListingColumns.window(page, ListingColumns::importError)));
    }

    @Override
    public Slice<DagWarningRecord> dagWarnings(DagWarningFilter filter, PageRequest<DagWarningSort> page) {
        ListQuery where = new ListQuery().equal("dag_id", filter.dagId()).equal("warning_type", filter.warningType())
                .in("warning_type", filter.types());
        return slice(listings.dagWarnings(where, ListingColumns.window(page, ListingColumns::dagWarning)));
    }

    @Override
    public Slice<AuditEvent> eventLogs(EventLogFilter filter, PageRequest<EventLogSort> page) {
        ListQuery where = new ListQuery()
                .equal("dag_id", filter.dagId())
                .equal("task_id", filter.taskId())
                .equal("run_id", filter.runId())
                .equal("map_index", filter.mapIndex())
                .equal("try_number", filter.tryNumber())
                .equal("owner", filter.owner())
                .equal("event", filter.event())
                .like("dag_id", filter.dagIdPattern())
                .like("task_id", filter.taskIdPattern())
                .like("run_id", filter.runIdPattern())
                .like("owner", filter.ownerPattern())
                .like("event", filter.eventPattern())
                .range("dttm", null, null, filter.after(), filter.before());
        if (!filter.includedEvents().isEmpty()) {
            where.in("event", filter.includedEvents());
        }
        for (String excluded : filter.excludedEvents()) {
            where.notEqual("event", excluded);
        }
        return slice(listings.eventLogs(where, ListingColumns.window(page, ListingColumns::eventLog)));
    }

    @Override
    public Slice<StoredAsset> assets(AssetFilter filter, PageRequest<AssetSort> page) {
        return assets.assets(filter, page);
    }

    @Override
    public Slice<StoredEvent> assetEvents(AssetEventFilter filter, PageRequest<AssetEventSort> page) {
        return assets.events(filter, page);
    }

    @Override
    public Slice<StoredAlias> assetAliases(AssetAliasFilter filter, PageRequest<AssetAliasSort> page) {
        return assets.aliases(filter, page);
    }

    private static void range(ListQuery where, String column, TimeRange range) {
        where.range(column, range.gte(), range.lte(), range.gt(), range.lt());
    }

    private static <T> Slice<T> slice(Listings.Slice<T> slice) {
        return new Slice<>(slice.items(), slice.total());
    }
}
