package io.updraft.store;

import io.updraft.asset.AssetQueries;
import io.updraft.asset.AssetRecords.QueuedEvent;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** {@link AssetQueries} on Jdbi. Thread-safe. */
public final class JdbiAssetQueries implements AssetQueries {

    private static final String EVENT_COLUMNS = """
            e.id, e.asset_id, a.name, a.uri, a."group", e.extra, e.source_dag_id, e.source_task_id,
            e.source_run_id, e.source_map_index, e.partition_key, e."timestamp"
            FROM asset_event e JOIN asset a ON a.id = e.asset_id""";

    private final Jdbi jdbi;

    public JdbiAssetQueries(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Slice<StoredAsset> assets(Where where, Window window) {
        return slice("SELECT * FROM asset", "asset", where, window, JdbiAssetQueries::asset);
    }

    @Override
    public Map<String, Long> idsByKey() {
        Map<String, Long> ids = new java.util.HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, name, uri FROM asset")
                .map((rs, ctx) -> ids.put(rs.getString("name") + "\u0000" + rs.getString("uri"), rs.getLong("id")))
                .list());
        return ids;
    }

    @Override
    public Optional<StoredAsset> asset(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM asset WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> asset(rs)).findOne());
    }

    @Override
    public Slice<StoredEvent> events(Where where, Window window) {
        return slice("SELECT " + EVENT_COLUMNS, "asset_event e JOIN asset a ON a.id = e.asset_id", where, window,
                JdbiAssetQueries::event);
    }

    @Override
    public Optional<StoredEvent> event(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + EVENT_COLUMNS + " WHERE e.id = :id")
                .bind("id", id).map((rs, ctx) -> event(rs)).findOne());
    }

    @Override
    public Map<Long, StoredEvent> lastEvents(List<Long> assetIds) {
        if (assetIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + EVENT_COLUMNS
                        + " WHERE e.id IN (SELECT MAX(id) FROM asset_event WHERE asset_id IN (<ids>) GROUP BY asset_id)")
                .bindList("ids", assetIds).map((rs, ctx) -> event(rs)).list().stream()
                .collect(Collectors.toMap(StoredEvent::assetId, event -> event)));
    }

    @Override
    public Map<Long, List<StoredAlias>> aliasesOf(List<Long> assetIds) {
        if (assetIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<StoredAlias>> byAsset = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT aa.asset_id, al.id, al.name, al."group" FROM asset_alias_asset aa
                        JOIN asset_alias al ON al.id = aa.alias_id WHERE aa.asset_id IN (<ids>) ORDER BY al.id""")
                .bindList("ids", assetIds).map((rs, ctx) -> byAsset.computeIfAbsent(rs.getLong("asset_id"),
                        id -> new ArrayList<>()).add(new StoredAlias(rs.getLong("id"), rs.getString("name"),
                        rs.getString("group")))).list());
        return byAsset;
    }

    @Override
    public Map<Long, List<DagRunRef>> createdRuns(List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<DagRunRef>> byEvent = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT dae.event_id, r.dag_id, r.run_id, r.logical_date, r.start_date, r.end_date, r.state,
                            r.data_interval_start, r.data_interval_end
                        FROM dagrun_asset_event dae JOIN dag_run r ON r.dag_id = dae.dag_id AND r.run_id = dae.run_id
                        WHERE dae.event_id IN (<ids>) ORDER BY r.id""").bindList("ids", eventIds)
                .map((rs, ctx) -> byEvent.computeIfAbsent(rs.getLong("event_id"), id -> new ArrayList<>())
                        .add(new DagRunRef(rs.getString("dag_id"), rs.getString("run_id"),
                                JdbiAssetStore.instant(rs, "logical_date"), JdbiAssetStore.instant(rs, "start_date"),
                                JdbiAssetStore.instant(rs, "end_date"), rs.getString("state"),
                                JdbiAssetStore.instant(rs, "data_interval_start"),
                                JdbiAssetStore.instant(rs, "data_interval_end")))).list());
        return byEvent;
    }

    @Override
    public List<StoredEvent> consumedEvents(String dagId, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + EVENT_COLUMNS
                        + " JOIN dagrun_asset_event dae ON dae.event_id = e.id"
                        + " WHERE dae.dag_id = :dag_id AND dae.run_id = :run_id ORDER BY e.\"timestamp\", e.id")
                .bind("dag_id", dagId).bind("run_id", runId).map((rs, ctx) -> event(rs)).list());
    }

    @Override
    public List<QueuedEvent> queued(String dagId, Long assetId, Instant before) {
        Where where = new Where().add("target_dag_id = :dag_id", "dag_id", dagId)
                .add("asset_id = :asset_id", "asset_id", assetId).add("created_at < :before", "before", before);
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT asset_id, target_dag_id, created_at FROM asset_dag_run_queue"
                    + sql(where) + " ORDER BY created_at, asset_id, target_dag_id");
            bind(where, query);
            return query.map((rs, ctx) -> new QueuedEvent(rs.getString("target_dag_id"), rs.getLong("asset_id"),
                    JdbiAssetStore.instant(rs, "created_at"))).list();
        });
    }

    @Override
    public int deleteQueued(String dagId, Long assetId, Instant before) {
        Where where = new Where().add("target_dag_id = :dag_id", "dag_id", dagId)
                .add("asset_id = :asset_id", "asset_id", assetId).add("created_at < :before", "before", before);
        return jdbi.withHandle(handle -> {
            var update = handle.createUpdate("DELETE FROM asset_dag_run_queue" + sql(where));
            where.values().forEach((name, value) -> {
                if (value instanceof Instant instant) {
                    update.bindByType(name, instant, Instant.class);
                } else {
                    update.bind(name, value);
                }
            });
            return update.execute();
        });
    }

    @Override
    public Slice<StoredAlias> aliases(Where where, Window window) {
        return slice("SELECT * FROM asset_alias", "asset_alias", where, window,
                rs -> new StoredAlias(rs.getLong("id"), rs.getString("name"), rs.getString("group")));
    }

    /** A row mapper that may throw SQLException. */
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Slice<T> slice(String select, String from, Where where, Window window, Row<T> row) {
        return jdbi.withHandle(handle -> {
            Query page = handle.createQuery(select + sql(where) + " ORDER BY " + String.join(", ", window.order())
                    + " LIMIT :limit OFFSET :offset").bind("limit", window.limit()).bind("offset", window.offset());
            bind(where, page);
            List<T> items = page.map((rs, ctx) -> row.map(rs)).list();
            long total;
            if (items.size() < window.limit() && (!items.isEmpty() || window.offset() == 0)) {
                total = window.offset() + items.size(); // the page shows the end
            } else {
                Query count = handle.createQuery("SELECT COUNT(*) FROM " + from + sql(where));
                bind(where, count);
                total = count.mapTo(Long.class).one();
            }
            return new Slice<>(items, total);
        });
    }

    private static String sql(Where where) {
        return where.conditions().isEmpty() ? "" : " WHERE " + String.join(" AND ", where.conditions());
    }

    private static void bind(Where where, Query query) {
        where.values().forEach((name, value) -> {
            if (value instanceof Instant instant) {
                query.bindByType(name, instant, Instant.class);
            } else if (value instanceof List<?> list) {
                query.bindList(name, list);
            } else {
                query.bind(name, value);
            }
        });
    }

    private static StoredAsset asset(ResultSet rs) throws SQLException {
        return new StoredAsset(rs.getLong("id"), rs.getString("name"), rs.getString("uri"), rs.getString("group"),
                Json.readObject(rs.getString("extra")), rs.getBoolean("active"), JdbiAssetStore.instant(rs, "created_at"),
                JdbiAssetStore.instant(rs, "updated_at"));
    }

    private static StoredEvent event(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("id"), rs.getLong("asset_id"), rs.getString("name"), rs.getString("uri"),
                rs.getString("group"), Json.readObject(rs.getString("extra")), rs.getString("source_dag_id"),
                rs.getString("source_task_id"), rs.getString("source_run_id"), rs.getInt("source_map_index"),
                rs.getString("partition_key"), JdbiAssetStore.instant(rs, "timestamp"));
    }
}
