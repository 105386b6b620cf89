package io.updraft.store;

import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.dag.DagVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link DagStore} on Jdbi. Thread-safe. */
public final class JdbiDagStore implements DagStore {

    // Both upserts leave is_paused alone on an existing row.
    private static final String UPSERT_H2 = """
            MERGE INTO dag d USING (SELECT CAST(:dag_id AS VARCHAR(250)) AS dag_id) s ON d.dag_id = s.dag_id
            WHEN MATCHED THEN UPDATE SET fileloc = :fileloc, dag_display_name = :dag_display_name,
                description = :description, is_stale = :is_stale, owners = :owners, tags = :tags,
                timetable_summary = :timetable_summary, max_active_runs = :max_active_runs,
                max_active_tasks = :max_active_tasks, has_import_errors = :has_import_errors,
                last_parsed_time = :last_parsed_time, next_dagrun = :next_dagrun,
                next_dagrun_data_interval_start = :next_dagrun_data_interval_start,
                next_dagrun_data_interval_end = :next_dagrun_data_interval_end,
                next_dagrun_create_after = :next_dagrun_create_after, latest_version_hash = :latest_version_hash
            WHEN NOT MATCHED THEN INSERT (dag_id, fileloc, dag_display_name, description, is_paused, is_stale,
                owners, tags, timetable_summary, max_active_runs, max_active_tasks, has_import_errors,
                last_parsed_time, next_dagrun, next_dagrun_data_interval_start, next_dagrun_data_interval_end,
                next_dagrun_create_after, latest_version_hash)
            VALUES (:dag_id, :fileloc, :dag_display_name, :description, :is_paused, :is_stale, :owners, :tags,
                :timetable_summary, :max_active_runs, :max_active_tasks, :has_import_errors, :last_parsed_time,
                :next_dagrun, :next_dagrun_data_interval_start, :next_dagrun_data_interval_end,
                :next_dagrun_create_after, :latest_version_hash)""";

    private static final String UPSERT_POSTGRES = """
            INSERT INTO dag (dag_id, fileloc, dag_display_name, description, is_paused, is_stale, owners, tags,
                timetable_summary, max_active_runs, max_active_tasks, has_import_errors, last_parsed_time,
                next_dagrun, next_dagrun_data_interval_start, next_dagrun_data_interval_end,
                next_dagrun_create_after, latest_version_hash)
            VALUES (:dag_id, :fileloc, :dag_display_name, :description, :is_paused, :is_stale, :owners, :tags,
                :timetable_summary, :max_active_runs, :max_active_tasks, :has_import_errors, :last_parsed_time,
                :next_dagrun, :next_dagrun_data_interval_start, :next_dagrun_data_interval_end,
                :next_dagrun_create_after, :latest_version_hash)
            ON CONFLICT (dag_id) DO UPDATE SET fileloc = EXCLUDED.fileloc,
                dag_display_name = EXCLUDED.dag_display_name, description = EXCLUDED.description,
                is_stale = EXCLUDED.is_stale, owners = EXCLUDED.owners, tags = EXCLUDED.tags,
                timetable_summary = EXCLUDED.timetable_summary, max_active_runs = EXCLUDED.max_active_runs,
                max_active_tasks = EXCLUDED.max_active_tasks, has_import_errors = EXCLUDED.has_import_errors,
                last_parsed_time = EXCLUDED.last_parsed_time, next_dagrun = EXCLUDED.next_dagrun,
                next_dagrun_data_interval_start = EXCLUDED.next_dagrun_data_interval_start,
                next_dagrun_data_interval_end = EXCLUDED.next_dagrun_data_interval_end,
                next_dagrun_create_after = EXCLUDED.next_dagrun_create_after,
                latest_version_hash = EXCLUDED.latest_version_hash""";

    private static final String INSERT_VERSION = """
            INSERT INTO dag_version (dag_id, version_number, version_hash, source_code, fileloc, created_at)
            VALUES (:dag_id, :version_number, :version_hash, :source_code, :fileloc, :created_at)""";
    /** Rows per IN list: PostgreSQL takes at most 32,767 parameters a statement. */
    private static final int IN_LIST_CHUNK = 1000;

    private static final String SELECT_DAG = "SELECT * FROM dag WHERE dag_id = :dag_id";
    private static final String SELECT_DAGS = "SELECT * FROM dag ORDER BY dag_id LIMIT :limit OFFSET :offset";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;

    public JdbiDagStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
        this.clock = clock;
    }

    public JdbiDagStore(Database database) {
        this(database, Clock.systemUTC());
    }

    @Override
    public void upsert(DagRecord dag) {
        jdbi.useHandle(h -> bindDag(h.createUpdate(dialect.pick(UPSERT_H2, UPSERT_POSTGRES)), dag).execute());
    }

    @Override
    public int recordVersion(String dagId, String versionHash, String sourceCode, String fileloc) {
        return UniqueViolations.retrying(() -> jdbi.inTransaction(h -> existingVersion(h, dagId, versionHash)
                .orElseGet(() -> insertVersion(h, dagId, versionHash, sourceCode, fileloc))));
    }

    @Override
    public int syncLoaded(List<LoadedDag> loaded, Instant parsedAt) {
        return UniqueViolations.retrying(() -> jdbi.inTransaction(h -> sync(h, loaded, parsedAt)));
    }

    private int sync(Handle h, List<LoadedDag> loaded, Instant parsedAt) {
        Map<String, DagRecord> stored = new HashMap<>();
        h.createQuery("SELECT * FROM dag").map(JdbiDagStore::dag).forEach(row -> stored.put(row.dagId(), row));
        Map<String, Set<String>> hashes = new HashMap<>();
        Map<String, Integer> lastNumbers = new HashMap<>();
        h.createQuery("SELECT dag_id, version_number, version_hash FROM dag_version").map((rs, ctx) -> {
            String dagId = rs.getString("dag_id");
            hashes.computeIfAbsent(dagId, id -> new HashSet<>()).add(rs.getString("version_hash"));
            lastNumbers.merge(dagId, rs.getInt("version_number"), Math::max);
            return dagId;
        }).forEach(ignored -> { });
        PreparedBatch upserts = h.prepareBatch(dialect.pick(UPSERT_H2, UPSERT_POSTGRES));
        PreparedBatch versions = h.prepareBatch(INSERT_VERSION);
        List<String> unchanged = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (LoadedDag entry : loaded) {
            DagRecord dag = entry.dag();
            present.add(dag.dagId());
            DagRecord row = stored.get(dag.dagId());
            if (row != null && row.sameDefinition(dag)) {
                unchanged.add(dag.dagId());
            } else {
                bindDag(upserts, dag).add();
            }
            if (hashes.computeIfAbsent(dag.dagId(), id -> new HashSet<>()).add(dag.latestVersionHash())) {
                versions.bind("dag_id", dag.dagId())
                        .bind("version_number", lastNumbers.merge(dag.dagId(), 1, Integer::sum))
                        .bind("version_hash", dag.latestVersionHash())
                        .bind("source_code", entry.sourceCode())
                        .bind("fileloc", dag.fileloc())
                        .bindByType("created_at", clock.instant(), Instant.class)
                        .add();
            }
        }
        if (upserts.size() > 0) {
            upserts.execute();
        }
        if (versions.size() > 0) {
            versions.execute();
        }
        List<String> gone = stored.values().stream().filter(row -> !row.isStale() && !present.contains(row.dagId()))
                .map(DagRecord::dagId).toList();
        updateInChunks(h, "UPDATE dag SET is_stale = TRUE WHERE dag_id IN (<dag_ids>)", gone, null);
        updateInChunks(h, "UPDATE dag SET last_parsed_time = :parsed WHERE dag_id IN (<dag_ids>)", unchanged,
                parsedAt);
        return loaded.size() - unchanged.size();
    }

    private static void updateInChunks(Handle h, String sql, List<String> dagIds, Instant parsed) {
        for (int from = 0; from < dagIds.size(); from += IN_LIST_CHUNK) {
            var update = h.createUpdate(sql)
                    .bindList("dag_ids", dagIds.subList(from, Math.min(dagIds.size(), from + IN_LIST_CHUNK)));
            if (parsed != null) {
                update.bindByType("parsed", parsed, Instant.class);
            }
            update.execute();
        }
    }

    private static Optional<Integer> existingVersion(Handle h, String dagId, String versionHash) {
        return h.createQuery("""
                        SELECT version_number FROM dag_version WHERE dag_id = :dag_id AND version_hash = :version_hash""")
                .bind("dag_id", dagId)
                .bind("version_hash", versionHash)
                .mapTo(Integer.class)
                .findOne();
    }

    private int insertVersion(Handle h, String dagId, String versionHash, String sourceCode, String fileloc) {
        int next = h.createQuery("SELECT COALESCE(MAX(version_number), 0) + 1 FROM dag_version WHERE dag_id = :dag_id")
                .bind("dag_id", dagId)
                .mapTo(Integer.class)
                .one();
        h.createUpdate(INSERT_VERSION)
                .bind("dag_id", dagId)
                .bind("version_number", next)
                .bind("version_hash", versionHash)
                .bind("source_code", sourceCode)
                .bind("fileloc", fileloc)
                .bindByType("created_at", clock.instant(), Instant.class)
                .execute();
        return next;
    }

    @Override
    public List<DagVersion> versions(String dagId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, dag_id, version_number, version_hash, source_code, fileloc, created_at
                        FROM dag_version WHERE dag_id = :dag_id ORDER BY version_number""")
                .bind("dag_id", dagId)
                .map(JdbiDagStore::version)
                .list());
    }

    static DagVersion version(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DagVersion(rs.getLong("id"), rs.getString("dag_id"), rs.getInt("version_number"),
                rs.getString("version_hash"), rs.getString("source_code"), rs.getString("fileloc"),
                Columns.instant(rs, "created_at"));
    }

    @Override
    public Optional<DagRecord> find(String dagId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_DAG)
                .bind("dag_id", dagId)
                .map(JdbiDagStore::dag)
                .findOne());
    }

    @Override
    public List<DagRecord> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_DAGS)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiDagStore::dag)
                .list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dag").mapTo(Long.class).one());
    }

    @Override
    public boolean delete(String dagId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM dag_version WHERE dag_id = :dag_id").bind("dag_id", dagId).execute();
            return h.createUpdate("DELETE FROM dag WHERE dag_id = :dag_id").bind("dag_id", dagId).execute() > 0;
        });
    }

    @Override
    public boolean setPaused(String dagId, boolean paused) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE dag SET is_paused = :is_paused WHERE dag_id = :dag_id")
                .bind("is_paused", paused)
                .bind("dag_id", dagId)
                .execute()) > 0;
    }

    @Override
    public int markStaleExcept(Set<String> presentDagIds) {
        if (presentDagIds.isEmpty()) {
            return jdbi.withHandle(h -> h.createUpdate("UPDATE dag SET is_stale = TRUE WHERE is_stale = FALSE")
                    .execute());
        }
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE dag SET is_stale = TRUE WHERE is_stale = FALSE AND dag_id NOT IN (<dag_ids>)")
                .bindList("dag_ids", List.copyOf(presentDagIds))
                .execute());
    }

    private static <S extends SqlStatement<S>> S bindDag(S statement, DagRecord dag) {
        statement.bind("dag_id", dag.dagId())
                .bind("fileloc", dag.fileloc())
                .bind("dag_display_name", dag.dagDisplayName())
                .bind("description", dag.description())
                .bind("is_paused", dag.isPaused())
                .bind("is_stale", dag.isStale())
                .bind("owners", dag.owners())
                .bind("tags", StoreJson.write(dag.tags()))
                .bind("timetable_summary", dag.timetableSummary())
                .bind("max_active_runs", dag.maxActiveRuns())
                .bind("max_active_tasks", dag.maxActiveTasks())
                .bind("has_import_errors", dag.hasImportErrors())
                .bind("latest_version_hash", dag.latestVersionHash());
        RunRows.instant(statement, "last_parsed_time", dag.lastParsedTime());
        RunRows.instant(statement, "next_dagrun", dag.nextDagrun());
        RunRows.instant(statement, "next_dagrun_data_interval_start", dag.nextDagrunDataIntervalStart());
        RunRows.instant(statement, "next_dagrun_data_interval_end", dag.nextDagrunDataIntervalEnd());
        return RunRows.instant(statement, "next_dagrun_create_after", dag.nextDagrunCreateAfter());
    }

    static DagRecord dag(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DagRecord(
                rs.getString("dag_id"),
                rs.getString("fileloc"),
                rs.getString("dag_display_name"),
                rs.getString("description"),
                rs.getBoolean("is_paused"),
                rs.getBoolean("is_stale"),
                rs.getString("owners"),
                StoreJson.readStrings(rs.getString("tags")),
                rs.getString("timetable_summary"),
                Columns.integer(rs, "max_active_runs"),
                Columns.integer(rs, "max_active_tasks"),
                rs.getBoolean("has_import_errors"),
                Columns.instant(rs, "last_parsed_time"),
                Columns.instant(rs, "next_dagrun"),
                Columns.instant(rs, "next_dagrun_data_interval_start"),
                Columns.instant(rs, "next_dagrun_data_interval_end"),
                Columns.instant(rs, "next_dagrun_create_after"),
                rs.getString("latest_version_hash"));
    }
}
