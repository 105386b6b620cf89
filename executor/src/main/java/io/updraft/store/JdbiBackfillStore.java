package io.updraft.store;

import io.updraft.schedule.BackfillRecord;
import io.updraft.schedule.BackfillStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link BackfillStore} on Jdbi. Thread-safe. */
public final class JdbiBackfillStore implements BackfillStore {

    private static final String INSERT_BACKFILL = """
            INSERT INTO backfill (dag_id, from_date, to_date, run_backwards, dag_run_conf, reprocess_behavior,
                max_active_runs, is_paused, created_at, completed_at, updated_at)
            VALUES (:dag_id, :from_date, :to_date, :run_backwards, :dag_run_conf, :reprocess_behavior,
                :max_active_runs, :is_paused, :created_at, :completed_at, :updated_at)""";

    private static final String SELECT_BACKFILL = "SELECT * FROM backfill WHERE id = :id";

    private static final String SELECT_BACKFILLS = """
            SELECT * FROM backfill WHERE CAST(:dag_id AS VARCHAR) IS NULL OR dag_id = :dag_id ORDER BY id""";

    private static final String SELECT_UNCOMPLETED = "SELECT * FROM backfill WHERE completed_at IS NULL ORDER BY id";

    private static final String UPDATE_BACKFILL_COMPLETED = """
            UPDATE backfill SET completed_at = :at, updated_at = :at WHERE id = :id AND completed_at IS NULL""";

    private static final String UPDATE_BACKFILL_PAUSED = """
            UPDATE backfill SET is_paused = :paused, updated_at = :at WHERE id = :id""";

    private static final String INSERT_BACKFILL_DAG_RUN = """
            INSERT INTO backfill_dag_run (backfill_id, dag_id, run_id, logical_date, sort_ordinal)
            VALUES (:backfill_id, :dag_id, :run_id, :logical_date, :sort_ordinal)""";

    private static final String SELECT_BACKFILL_RUN_IDS = """
            SELECT run_id FROM backfill_dag_run WHERE backfill_id = :backfill_id ORDER BY sort_ordinal, id""";

    private static final String SELECT_BACKFILL_LOGICAL_DATES = """
            SELECT logical_date FROM backfill_dag_run WHERE backfill_id = :backfill_id ORDER BY sort_ordinal, id""";

    private static final String COUNT_UNFINISHED_RUNS = """
            SELECT COUNT(*) FROM backfill_dag_run b JOIN dag_run r ON r.dag_id = b.dag_id AND r.run_id = b.run_id
            WHERE b.backfill_id = :backfill_id AND r.state IN ('queued', 'running')""";

    private final Jdbi jdbi;

    public JdbiBackfillStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public BackfillRecord create(BackfillRecord backfill) {
        long id = jdbi.withHandle(handle -> handle.createUpdate(INSERT_BACKFILL)
                .bind("dag_id", backfill.dagId())
                .bindByType("from_date", backfill.fromDate(), Instant.class)
                .bindByType("to_date", backfill.toDate(), Instant.class)
                .bind("run_backwards", backfill.runBackwards())
                .bind("dag_run_conf", StoreJson.write(backfill.dagRunConf()))
                .bind("reprocess_behavior", backfill.reprocessBehavior())
                .bind("max_active_runs", backfill.maxActiveRuns())
                .bind("is_paused", backfill.isPaused())
                .bindByType("created_at", backfill.createdAt(), Instant.class)
                .bindByType("completed_at", backfill.completedAt(), Instant.class)
                .bindByType("updated_at", backfill.updatedAt(), Instant.class)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        return find(id).orElseThrow();
    }

    @Override
    public Optional<BackfillRecord> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_BACKFILL).bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    @Override
    public List<BackfillRecord> list(String dagId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_BACKFILLS).bind("dag_id", dagId)
                .map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public List<BackfillRecord> listUncompleted() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_UNCOMPLETED).map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public void markCompleted(long id, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate(UPDATE_BACKFILL_COMPLETED).bind("id", id)
                .bindByType("at", at, Instant.class).execute());
    }

    @Override
    public void setPaused(long id, boolean paused, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate(UPDATE_BACKFILL_PAUSED).bind("id", id).bind("paused", paused)
                .bindByType("at", at, Instant.class).execute());
    }

    @Override
    public void addRun(long backfillId, String dagId, String runId, Instant logicalDate, int sortOrdinal) {
        jdbi.useHandle(handle -> handle.createUpdate(INSERT_BACKFILL_DAG_RUN).bind("backfill_id", backfillId)
                .bind("dag_id", dagId).bind("run_id", runId)
                .bindByType("logical_date", logicalDate, Instant.class)
                .bind("sort_ordinal", sortOrdinal).execute());
    }

    @Override
    public List<String> runIds(long backfillId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_BACKFILL_RUN_IDS).bind("backfill_id", backfillId)
                .mapTo(String.class).list());
    }

    @Override
    public List<Instant> logicalDates(long backfillId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_BACKFILL_LOGICAL_DATES)
                .bind("backfill_id", backfillId).map((rs, ctx) -> Columns.instant(rs, "logical_date")).list());
    }

    @Override
    public int unfinishedRuns(long backfillId) {
        return jdbi.withHandle(handle -> handle.createQuery(COUNT_UNFINISHED_RUNS).bind("backfill_id", backfillId)
                .mapTo(Integer.class).one());
    }

    private static BackfillRecord row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new BackfillRecord(rs.getLong("id"), rs.getString("dag_id"), Columns.instant(rs, "from_date"),
                Columns.instant(rs, "to_date"), rs.getBoolean("run_backwards"), StoreJson.readMap(rs.getString("dag_run_conf")),
                rs.getString("reprocess_behavior"), rs.getInt("max_active_runs"), rs.getBoolean("is_paused"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "completed_at"), Columns.instant(rs, "updated_at"));
    }
}
