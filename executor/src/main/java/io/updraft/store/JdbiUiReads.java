package io.updraft.store;

import io.updraft.ui.reads.UiReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The web UI's reads ({@link UiReads}) in SQL. Kept apart from {@link Listings} so the UI's needs and the API's
 * paging can change independently.
 */
public final class JdbiUiReads implements UiReads {

    private static final String RUN_COLUMNS = "dag_id, run_id, state, run_type, logical_date, run_after, start_date,"
            + " end_date";

    private final Jdbi jdbi;

    public JdbiUiReads(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public List<DagRow> dags() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT dag_id, dag_display_name, description, is_paused, owners, tags, timetable_summary,
                               has_import_errors, next_dagrun, fileloc
                        FROM dag WHERE is_stale = FALSE ORDER BY dag_id""")
                .map((rs, ctx) -> new DagRow(rs.getString("dag_id"), rs.getString("dag_display_name"),
                        rs.getString("description"), rs.getBoolean("is_paused"), rs.getString("owners"),
                        StoreJson.readStrings(rs.getString("tags")), rs.getString("timetable_summary"),
                        rs.getBoolean("has_import_errors"), Columns.instant(rs, "next_dagrun"), rs.getString("fileloc")))
                .list());
    }

    @Override
    public Map<String, List<RunRow>> recentRuns(Collection<String> dagIds, int perDag) {
        Map<String, List<RunRow>> byDag = new LinkedHashMap<>();
        if (dagIds != null && dagIds.isEmpty()) {
            return byDag;
        }
        String where = dagIds == null ? "" : "WHERE dag_id IN (<ids>)";
        jdbi.useHandle(handle -> {
            var query = handle.createQuery("SELECT " + RUN_COLUMNS + " FROM (SELECT " + RUN_COLUMNS
                    + ", ROW_NUMBER() OVER (PARTITION BY dag_id ORDER BY run_after DESC, id DESC) AS rn"
                    + " FROM dag_run " + where + ") recent WHERE rn <= :n ORDER BY dag_id, rn")
                    .bind("n", perDag);
            if (dagIds != null) {
                query.bindList("ids", List.copyOf(dagIds));
            }
            query.map(JdbiUiReads::runRow).forEach(run -> byDag.computeIfAbsent(run.dagId(), k -> new ArrayList<>())
                    .add(run));
        });
        return byDag;
    }

    @Override
    public List<RunRow> runs(String dagId, int limit, Instant before) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + RUN_COLUMNS + " FROM dag_run WHERE dag_id = :d"
                        + (before == null ? "" : " AND run_after < :before")
                        + " ORDER BY run_after DESC, id DESC LIMIT :n")
                .bind("d", dagId).bind("n", limit).bind("before", before == null ? null : before.atOffset(ZoneOffset.UTC))
                .map(JdbiUiReads::runRow).list());
    }

    @Override
    public List<TaskRow> taskInstances(String dagId, Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT run_id, task_id, map_index, state, try_number, start_date, end_date
                        FROM task_instance WHERE dag_id = :d AND run_id IN (<runs>)""")
                .bind("d", dagId).bindList("runs", List.copyOf(runIds))
                .map((rs, ctx) -> new TaskRow(rs.getString("run_id"), rs.getString("task_id"),
                        rs.getInt("map_index"), rs.getString("state"), rs.getInt("try_number"),
                        Columns.instant(rs, "start_date"), Columns.instant(rs, "end_date")))
                .list());
    }

    @Override
    public Optional<RunRow> run(String dagId, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + RUN_COLUMNS
                        + " FROM dag_run WHERE dag_id = :d AND run_id = :r")
                .bind("d", dagId).bind("r", runId).map(JdbiUiReads::runRow).findOne());
    }

    @Override
    public List<DurationRow> durations(String dagId, String taskId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT ti.run_id, r.run_after, ti.map_index, ti.state, ti.try_number, ti.start_date,
                               ti.end_date
                        FROM task_instance ti JOIN dag_run r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
                        WHERE ti.dag_id = :d AND ti.task_id = :t
                        ORDER BY r.run_after DESC, r.id DESC, ti.map_index LIMIT :n""")
                .bind("d", dagId).bind("t", taskId).bind("n", limit)
                .map((rs, ctx) -> new DurationRow(rs.getString("run_id"), Columns.instant(rs, "run_after"),
                        rs.getInt("map_index"), rs.getString("state"), rs.getInt("try_number"),
                        Columns.instant(rs, "start_date"), Columns.instant(rs, "end_date")))
                .list());
    }

    private static RunRow runRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RunRow(rs.getString("dag_id"), rs.getString("run_id"), rs.getString("state"),
                rs.getString("run_type"), Columns.instant(rs, "logical_date"), Columns.instant(rs, "run_after"),
                Columns.instant(rs, "start_date"), Columns.instant(rs, "end_date"));
    }
}
