package io.updraft.store;

import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.schedule.DagRunInfo;
import io.updraft.schedule.DataInterval;
import io.updraft.schedule.ScheduleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/** {@link ScheduleStore} on Jdbi. Thread-safe. */
public final class JdbiScheduleStore implements ScheduleStore {

    private static final String UPDATE_NEXT_DAGRUN = """
            UPDATE dag SET next_dagrun = :next_dagrun,
                next_dagrun_data_interval_start = :start, next_dagrun_data_interval_end = :end,
                next_dagrun_create_after = :create_after
            WHERE dag_id = :dag_id""";

    private final Jdbi jdbi;

    public JdbiScheduleStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Optional<DataInterval> lastScheduledInterval(String dagId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT logical_date, data_interval_start, data_interval_end FROM dag_run
                        WHERE dag_id = :dag_id AND run_type = :run_type AND logical_date IS NOT NULL
                        ORDER BY logical_date DESC LIMIT 1""")
                .bind("dag_id", dagId)
                .bind("run_type", RunType.SCHEDULED.value())
                .map((rs, ctx) -> interval(rs))
                .findOne());
    }

    @Override
    public Map<String, DataInterval> lastScheduledIntervals() {
        Map<String, DataInterval> intervals = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT r.dag_id, r.logical_date, r.data_interval_start, r.data_interval_end FROM dag_run r
                        JOIN (SELECT dag_id, MAX(logical_date) AS latest FROM dag_run
                              WHERE run_type = :run_type AND logical_date IS NOT NULL GROUP BY dag_id) m
                          ON r.dag_id = m.dag_id AND r.logical_date = m.latest
                        WHERE r.run_type = :run_type""")
                .bind("run_type", RunType.SCHEDULED.value())
                .map((rs, ctx) -> Map.entry(rs.getString("dag_id"), interval(rs)))
                .forEach(entry -> intervals.put(entry.getKey(), entry.getValue())));
        return intervals;
    }

    @Override
    public void updateNextDagruns(Map<String, Optional<DagRunInfo>> nextByDag) {
        if (nextByDag.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(UPDATE_NEXT_DAGRUN);
            nextByDag.forEach((dagId, next) -> bindNext(batch, dagId, next).add());
            batch.execute();
        });
    }

    @Override
    public void updateNextDagrun(String dagId, Optional<DagRunInfo> next) {
        jdbi.useHandle(h -> bindNext(h.createUpdate(UPDATE_NEXT_DAGRUN), dagId, next).execute());
    }

    private static <S extends SqlStatement<S>> S bindNext(S statement, String dagId, Optional<DagRunInfo> next) {
        DagRunInfo info = next.orElse(null);
        return statement.bindByType("next_dagrun", info == null ? null : info.logicalDate(), Instant.class)
                .bindByType("start", info == null ? null : info.dataInterval().start(), Instant.class)
                .bindByType("end", info == null ? null : info.dataInterval().end(), Instant.class)
                .bindByType("create_after", info == null ? null : info.runAfter(), Instant.class)
                .bind("dag_id", dagId);
    }

    @Override
    public Map<Instant, ExistingRun> runsBetween(String dagId, Instant from, Instant to) {
        Map<Instant, ExistingRun> runs = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT logical_date, run_id, run_type, state FROM dag_run
                        WHERE dag_id = :dag_id AND logical_date >= :from AND logical_date <= :to
                        ORDER BY logical_date""")
                .bind("dag_id", dagId)
                .bindByType("from", from, Instant.class)
                .bindByType("to", to, Instant.class)
                .map((rs, ctx) -> Map.entry(instant(rs.getObject("logical_date", OffsetDateTime.class)),
                        new ExistingRun(rs.getString("run_id"), RunType.of(rs.getString("run_type")),
                                RunState.of(rs.getString("state")))))
                .forEach(entry -> runs.put(entry.getKey(), entry.getValue())));
        return runs;
    }

    @Override
    public long activeRuns(String dagId, Collection<RunType> runTypes) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM dag_run WHERE dag_id = :dag_id AND state IN ('queued', 'running')
                        AND run_type IN (<run_types>)""")
                .bind("dag_id", dagId)
                .bindList("run_types", runTypes.stream().map(RunType::value).toList())
                .mapTo(Long.class)
                .one());
    }

    private static DataInterval interval(ResultSet rs) throws SQLException {
        Instant logical = instant(rs.getObject("logical_date", OffsetDateTime.class));
        Instant start = instant(rs.getObject("data_interval_start", OffsetDateTime.class));
        Instant end = instant(rs.getObject("data_interval_end", OffsetDateTime.class));
        return new DataInterval(start != null ? start : logical, end != null ? end : logical);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
