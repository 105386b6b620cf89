package io.updraft.asset;

import io.updraft.asset.AssetRecords.QueuedEvent;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of assets for the REST API, the UI and templates: filtered, ordered and paged in SQL. Thread-safe.
 */
public interface AssetQueries {

    /** A filter: SQL conditions with their named values, ANDed. */
    final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Where add(String condition, String name, Object value) {
            if (value != null) {
                conditions.add(condition);
                values.put(name, value);
            }
            return this;
        }

        public Where add(String condition) {
            conditions.add(condition);
            return this;
        }

        public List<String> conditions() {
            return List.copyOf(conditions);
        }

        /** The named values, in the order they were added. */
        public Map<String, Object> values() {
            return Collections.unmodifiableMap(values);
        }
    }

    /** A page: the order (SQL expressions with direction, already whitelisted), limit and offset. */
    record Window(List<String> order, int limit, int offset) {
    }

    /** A page of rows and the count of all rows the filter matches. */
    record Slice<T>(List<T> items, long total) {
    }

    /** A run an event triggered (Airflow's DagRunAssetReference). */
    record DagRunRef(String dagId, String runId, Instant logicalDate, Instant startDate, Instant endDate,
                     String state, Instant dataIntervalStart, Instant dataIntervalEnd) {
    }

    Slice<StoredAsset> assets(Where where, Window window);

    /** Every stored asset's id by its key (name and URI, see {@code AssetRef#key}). */
    Map<String, Long> idsByKey();

    Optional<StoredAsset> asset(long id);

    Slice<StoredEvent> events(Where where, Window window);

    Optional<StoredEvent> event(long id);

    /** The latest event of each asset, by asset id. */
    Map<Long, StoredEvent> lastEvents(List<Long> assetIds);

    /** The aliases each asset was resolved from, by asset id. */
    Map<Long, List<StoredAlias>> aliasesOf(List<Long> assetIds);

    /** The runs each event triggered, by event id. */
    Map<Long, List<DagRunRef>> createdRuns(List<Long> eventIds);

    /** The events an asset-triggered run consumed, oldest first. */
    List<StoredEvent> consumedEvents(String dagId, String runId);

    /** Queued events, filtered by DAG and/or asset and created before {@code before} (each may be null). */
    List<QueuedEvent> queued(String dagId, Long assetId, Instant before);

    /** Deletes queued events by the same filter; returns how many. */
    int deleteQueued(String dagId, Long assetId, Instant before);

    Slice<StoredAlias> aliases(Where where, Window window);
}
