package io.updraft.store;

import io.updraft.asset.AssetGraph;
import io.updraft.asset.AssetRecords.PendingRun;
import io.updraft.asset.AssetStore;
import io.updraft.asset.CommitEmitter;
import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import io.updraft.json.Json;
import io.updraft.run.RunClock;
import io.updraft.run.RunIds;
import io.updraft.run.RunType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link AssetStore} on Jdbi: SQL shared by H2 (PostgreSQL mode) and PostgreSQL but for the queue's upsert.
 * Thread-safe.
 */
public final class JdbiAssetStore implements AssetStore {

    private static final String INSERT_ASSET = """
            INSERT INTO asset (name, uri, "group", extra, active, created_at, updated_at)
            VALUES (:name, :uri, :group, :extra, TRUE, :now, :now)
            ON CONFLICT DO NOTHING""";
    private static final String QUEUE_H2 = """
            MERGE INTO asset_dag_run_queue (asset_id, target_dag_id, created_at) KEY (asset_id, target_dag_id)
            VALUES (:asset_id, :dag_id, :created_at)""";
    private static final String QUEUE_POSTGRES = """
            INSERT INTO asset_dag_run_queue (asset_id, target_dag_id, created_at) VALUES (:asset_id, :dag_id, :created_at)
            ON CONFLICT (asset_id, target_dag_id) DO UPDATE SET created_at = EXCLUDED.created_at""";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiAssetStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /**
     * The run store's hook that writes the asset events of each commit of the engine's changes in its transaction
     * and tells the emitter once it has committed.
     */
    public CommitHook commitHook(CommitEmitter emitter) {
        return (handle, changes) -> {
            CommitEmitter.Batch batch = emitter.emissions(changes);
            if (batch == null) {
                return null;
            }
            EmitResult result = emit(handle, batch.emissions(), batch.graph(), batch.now());
            return result.queuedDags().isEmpty() ? null : () -> emitter.committed(result);
        };
    }

    @Override
    public void sync(AssetGraph graph, Instant now) {
        jdbi.useTransaction(handle -> {
            Map<String, Map<String, Object>> stored = new HashMap<>();
            handle.createQuery("SELECT id, name, uri, \"group\", extra, active FROM asset").map((rs, ctx) -> {
                Map<String, Object> row = new HashMap<>();
                row.put("id", rs.getLong("id"));
                row.put("group", rs.getString("group"));
                row.put("extra", rs.getString("extra"));
                row.put("active", rs.getBoolean("active"));
                stored.put(rs.getString("name") + "\u0000" + rs.getString("uri"), row);
                return row;
            }).list();
            Set<Long> activeIds = new LinkedHashSet<>();
            for (AssetRef asset : graph.assets()) {
                Map<String, Object> row = stored.get(asset.key());
                String extra = Json.write(asset.extra());
                if (row == null) {
                    insert(handle, asset, now);
                } else {
                    activeIds.add((Long) row.get("id"));
                    if (!asset.group().equals(row.get("group")) || !extra.equals(row.get("extra"))
                            || !(Boolean) row.get("active")) {
                        handle.createUpdate("UPDATE asset SET \"group\" = :group, extra = :extra, active = TRUE, "
                                        + "updated_at = :now WHERE id = :id")
                                .bind("group", asset.group()).bind("extra", extra).bind("id", (Long) row.get("id"))
                                .bindByType("now", now, Instant.class).execute();
                    }
                }
            }
            stored.values().stream().filter(row -> (Boolean) row.get("active"))
                    .map(row -> (Long) row.get("id")).filter(id -> !activeIds.contains(id))
                    .forEach(id -> handle.createUpdate("UPDATE asset SET active = FALSE, updated_at = :now "
                            + "WHERE id = :id").bind("id", id).bindByType("now", now, Instant.class).execute());
            graph.aliases().forEach((name, group) -> handle.createUpdate(
                    "INSERT INTO asset_alias (name, \"group\") VALUES (:name, :group) ON CONFLICT DO NOTHING")
                    .bind("name", name).bind("group", group).execute());
        });
    }

    private static void insert(Handle handle, AssetRef asset, Instant now) {
        handle.createUpdate(INSERT_ASSET).bind("name", asset.name()).bind("uri", asset.uri())
                .bind("group", asset.group()).bind("extra", Json.write(asset.extra()))
                .bindByType("now", now, Instant.class).execute();
    }

    /** The asset's id, adding it when no DAG load has yet. */
    private static long idOf(Handle handle, AssetRef asset, Instant now) {
        Optional<Long> id = findId(handle, asset);
        if (id.isPresent()) {
            return id.get();
        }
        insert(handle, asset, now);
        return findId(handle, asset).orElseThrow();
    }

    private static Optional<Long> findId(Handle handle, AssetRef asset) {
        return handle.createQuery("SELECT id FROM asset WHERE name = :name AND uri = :uri")
                .bind("name", asset.name()).bind("uri", asset.uri()).mapTo(Long.class).findOne();
    }

    /** {@link #emit(List, AssetGraph, Instant)} in the caller's transaction. */
    private EmitResult emit(Handle handle, List<Emission> emissions, AssetGraph graph, Instant now) {
        Set<String> queued = new LinkedHashSet<>();
        List<Long> eventIds = new ArrayList<>();
        Instant timestamp = RunClock.truncate(now);
        for (Emission emission : emissions) {
            long assetId = idOf(handle, emission.asset(), timestamp);
            long eventId = handle.createUpdate("""
                            INSERT INTO asset_event (asset_id, extra, source_dag_id, source_task_id, source_run_id,
                                source_map_index, partition_key, "timestamp")
                            VALUES (:asset_id, :extra, :dag_id, :task_id, :run_id, :map_index, :partition_key, :ts)""")
                    .bind("asset_id", assetId).bind("extra", Json.write(emission.extra()))
                    .bind("dag_id", emission.sourceDagId()).bind("task_id", emission.sourceTaskId())
                    .bind("run_id", emission.sourceRunId()).bind("map_index", emission.sourceMapIndex())
                    .bind("partition_key", emission.partitionKey()).bindByType("ts", timestamp, Instant.class)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            eventIds.add(eventId);
            for (String alias : emission.aliases()) {
                handle.createUpdate("INSERT INTO asset_alias (name, \"group\") VALUES (:name, :group) "
                        + "ON CONFLICT DO NOTHING").bind("name", alias).bind("group", AssetRef.DEFAULT_GROUP)
                        .execute();
                handle.createUpdate("INSERT INTO asset_alias_asset (alias_id, asset_id) SELECT id, :asset_id "
                                + "FROM asset_alias WHERE name = :name ON CONFLICT DO NOTHING")
                        .bind("asset_id", assetId).bind("name", alias).execute();
            }
            Set<String> consumers = graph.scheduledDags(emission.asset(), emission.aliases());
            if (consumers.isEmpty()) {
                continue;
            }
            List<String> unpaused = handle.createQuery(
                            "SELECT dag_id FROM dag WHERE dag_id IN (<dag_ids>) AND is_paused = FALSE")
                    .bindList("dag_ids", List.copyOf(consumers)).mapTo(String.class).list();
            for (String dagId : unpaused) {
                handle.createUpdate(dialect.pick(QUEUE_H2, QUEUE_POSTGRES)).bind("asset_id", assetId)
                        .bind("dag_id", dagId).bindByType("created_at", timestamp, Instant.class).execute();
                queued.add(dagId);
            }
        }
        return new EmitResult(eventIds, queued);
    }

    @Override
    public EmitResult emit(List<Emission> emissions, AssetGraph graph, Instant now) {
        return jdbi.inTransaction(handle -> emit(handle, emissions, graph, now));
    }

    @Override
    public Optional<PendingRun> claim(String dagId, AssetCondition condition, Instant now) {
        return jdbi.inTransaction(handle -> {
            Map<Long, Instant> queue = new HashMap<>();
            handle.createQuery("SELECT asset_id, created_at FROM asset_dag_run_queue WHERE target_dag_id = :dag_id "
                            + "FOR UPDATE").bind("dag_id", dagId)
                    .map((rs, ctx) -> queue.put(rs.getLong("asset_id"), instant(rs, "created_at"))).list();
            if (queue.isEmpty()) {
                return Optional.empty();
            }
            Set<String> updated = new LinkedHashSet<>();
            handle.createQuery("SELECT name, uri FROM asset WHERE id IN (<ids>)").bindList("ids", List.copyOf(
                    queue.keySet())).map((rs, ctx) -> updated.add(rs.getString("name") + "\u0000" + rs.getString("uri")))
                    .list();
            Map<String, Set<AssetRef>> aliasTargets = aliasTargets(handle, condition.aliases());
            if (!condition.isSatisfied(asset -> updated.contains(asset.key()),
                    alias -> aliasTargets.getOrDefault(alias, Set.of()))) {
                return Optional.empty();
            }
            Instant runAfter = queue.values().stream().max(Instant::compareTo).orElseThrow();
            Instant previous = handle.createQuery("""
                            SELECT MAX(run_after) FROM (
                                SELECT run_after FROM dag_run WHERE dag_id = :dag_id AND run_type = :run_type
                                UNION ALL SELECT run_after FROM asset_pending_run WHERE dag_id = :dag_id) runs""")
                    .bind("dag_id", dagId).bind("run_type", RunType.ASSET_TRIGGERED.value())
                    .map((rs, ctx) -> instant(rs, 1)).findOne().orElse(null);
            String runId = RunIds.generate(RunType.ASSET_TRIGGERED, null, runAfter);
            handle.createUpdate("INSERT INTO asset_pending_run (dag_id, run_id, run_after, created_at) "
                            + "VALUES (:dag_id, :run_id, :run_after, :now)").bind("dag_id", dagId).bind("run_id", runId)
                    .bindByType("run_after", runAfter, Instant.class).bindByType("now", now, Instant.class).execute();
            handle.createUpdate("""
                            INSERT INTO dagrun_asset_event (dag_id, run_id, event_id)
                            SELECT :dag_id, :run_id, id FROM asset_event
                            WHERE asset_id IN (<ids>) AND "timestamp" <= :run_after
                                AND (CAST(:previous AS TIMESTAMP WITH TIME ZONE) IS NULL OR "timestamp" > :previous)""")
                    .bind("dag_id", dagId).bind("run_id", runId).bindList("ids", List.copyOf(queue.keySet()))
                    .bindByType("run_after", runAfter, Instant.class).bindByType("previous", previous, Instant.class)
                    .execute();
            handle.createUpdate("DELETE FROM asset_dag_run_queue WHERE target_dag_id = :dag_id AND asset_id IN (<ids>)")
                    .bind("dag_id", dagId).bindList("ids", List.copyOf(queue.keySet())).execute();
            return Optional.of(new PendingRun(dagId, runId, runAfter));
        });
    }

    private static Map<String, Set<AssetRef>> aliasTargets(Handle handle, Collection<String> aliases) {
        Map<String, Set<AssetRef>> targets = new HashMap<>();
        if (aliases.isEmpty()) {
            return targets;
        }
        handle.createQuery("""
                        SELECT al.name AS alias, a.name, a.uri, a."group" FROM asset_alias al
                        JOIN asset_alias_asset aa ON aa.alias_id = al.id JOIN asset a ON a.id = aa.asset_id
                        WHERE al.name IN (<aliases>)""").bindList("aliases", List.copyOf(aliases))
                .map((rs, ctx) -> targets.computeIfAbsent(rs.getString("alias"), key -> new LinkedHashSet<>())
                        .add(new AssetRef(rs.getString("name"), rs.getString("uri"), rs.getString("group"), null)))
                .list();
        return targets;
    }

    @Override
    public List<PendingRun> pendingRuns() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT dag_id, run_id, run_after FROM asset_pending_run ORDER BY created_at")
                .map((rs, ctx) -> new PendingRun(rs.getString("dag_id"), rs.getString("run_id"),
                        instant(rs, "run_after"))).list());
    }

    @Override
    public void deletePending(PendingRun run) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "DELETE FROM asset_pending_run WHERE dag_id = :dag_id AND run_id = :run_id")
                .bind("dag_id", run.dagId()).bind("run_id", run.runId()).execute());
    }

    @Override
    public List<String> queuedDags() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT DISTINCT target_dag_id FROM asset_dag_run_queue").mapTo(String.class).list());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

}
