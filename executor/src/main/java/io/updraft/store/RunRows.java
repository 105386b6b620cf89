package io.updraft.store;

import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.run.XCom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Row mapping and parameter binding for dag_run, task_instance(_history) and xcom. Parameters are named after
 * the columns, so one binder serves the INSERT, UPDATE and history statements.
 */
final class RunRows {

    private RunRows() {
    }

    static DagRun dagRun(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DagRun(
                rs.getLong("id"),
                rs.getString("dag_id"),
                rs.getString("run_id"),
                Columns.instant(rs, "logical_date"),
                Columns.instant(rs, "data_interval_start"),
                Columns.instant(rs, "data_interval_end"),
                Columns.instant(rs, "run_after"),
                RunType.of(rs.getString("run_type")),
                RunState.of(rs.getString("state")),
                Columns.instant(rs, "queued_at"),
                Columns.instant(rs, "start_date"),
                Columns.instant(rs, "end_date"),
                StoreJson.readMap(rs.getString("conf")),
                rs.getString("note"),
                rs.getString("triggered_by"),
                rs.getString("dag_version"),
                rs.getInt("clear_number"),
                Columns.instant(rs, "last_scheduling_decision"),
                Columns.instant(rs, "updated_at"));
    }

    /** Maps task_instance rows, and task_instance_history rows through {@link #taskInstanceTry}. */
    static TaskInstance taskInstance(ResultSet rs, StatementContext ctx) throws SQLException {
        return taskInstance(rs, "id");
    }

    static TaskInstance taskInstanceTry(ResultSet rs, StatementContext ctx) throws SQLException {
        return taskInstance(rs, "task_instance_id");
    }

    private static TaskInstance taskInstance(ResultSet rs, String idColumn) throws SQLException {
        return new TaskInstance(
                rs.getString(idColumn),
                rs.getString("dag_id"),
                rs.getString("run_id"),
                rs.getString("task_id"),
                rs.getInt("map_index"),
                TaskState.of(rs.getString("state")),
                rs.getInt("try_number"),
                rs.getInt("max_tries"),
                Columns.instant(rs, "start_date"),
                Columns.instant(rs, "end_date"),
                rs.getString("hostname"),
                rs.getString("unixname"),
                Columns.integer(rs, "pid"),
                rs.getString("pool"),
                rs.getInt("pool_slots"),
                rs.getString("queue"),
                rs.getInt("priority_weight"),
                rs.getString("operator"),
                Columns.instant(rs, "queued_dttm"),
                Columns.instant(rs, "scheduled_dttm"),
                rs.getString("rendered_fields"),
                rs.getString("rendered_map_index"),
                rs.getString("note"),
                Columns.longValue(rs, "job_id"),
                Columns.instant(rs, "updated_at"));
    }

    static XCom xcom(ResultSet rs, StatementContext ctx) throws SQLException {
        return new XCom(
                rs.getString("dag_id"),
                rs.getString("run_id"),
                rs.getString("task_id"),
                rs.getInt("map_index"),
                rs.getString("key"),
                rs.getString("value"),
                Columns.instant(rs, "timestamp"));
    }

    static <S extends SqlStatement<S>> S bindRun(S statement, DagRun run) {
        statement.bind("dag_id", run.dagId())
                .bind("run_id", run.runId())
                .bind("run_type", run.runType().value())
                .bind("state", run.state().value())
                .bind("conf", StoreJson.write(run.conf()))
                .bind("note", run.note())
                .bind("triggered_by", run.triggeredBy())
                .bind("dag_version", run.dagVersion())
                .bind("clear_number", run.clearNumber());
        instant(statement, "logical_date", run.logicalDate());
        instant(statement, "data_interval_start", run.dataIntervalStart());
        instant(statement, "data_interval_end", run.dataIntervalEnd());
        instant(statement, "run_after", run.runAfter());
        instant(statement, "queued_at", run.queuedAt());
        instant(statement, "start_date", run.startDate());
        instant(statement, "end_date", run.endDate());
        instant(statement, "last_scheduling_decision", run.lastSchedulingDecision());
        return instant(statement, "updated_at", run.updatedAt());
    }

    static <S extends SqlStatement<S>> S bindTaskInstance(S statement, TaskInstance ti) {
        statement.bind("id", ti.id())
                .bind("dag_id", ti.dagId())
                .bind("run_id", ti.runId())
                .bind("task_id", ti.taskId())
                .bind("map_index", ti.mapIndex())
                .bind("state", stateValue(ti.state()))
                .bind("try_number", ti.tryNumber())
                .bind("max_tries", ti.maxTries())
                .bind("hostname", ti.hostname())
                .bind("unixname", ti.unixname())
                .bind("pid", ti.pid())
                .bind("pool", ti.pool())
                .bind("pool_slots", ti.poolSlots())
                .bind("queue", ti.queue())
                .bind("priority_weight", ti.priorityWeight())
                .bind("operator", ti.operator())
                .bind("rendered_fields", ti.renderedFields())
                .bind("rendered_map_index", ti.renderedMapIndex())
                .bind("note", ti.note())
                .bind("job_id", ti.jobId());
        instant(statement, "start_date", ti.startDate());
        instant(statement, "end_date", ti.endDate());
        instant(statement, "queued_dttm", ti.queuedDttm());
        instant(statement, "scheduled_dttm", ti.scheduledDttm());
        return instant(statement, "updated_at", ti.updatedAt());
    }

    static <S extends SqlStatement<S>> S bindXCom(S statement, XCom xcom) {
        return statement
                .bind("dag_id", xcom.dagId())
                .bind("run_id", xcom.runId())
                .bind("task_id", xcom.taskId())
                .bind("map_index", xcom.mapIndex())
                .bind("key", xcom.key())
                .bind("value", xcom.value())
                .bindByType("timestamp", xcom.timestamp() == null ? Instant.now() : xcom.timestamp(), Instant.class);
    }

    /** TaskState.NONE is SQL NULL (Airflow's None). */
    static String stateValue(TaskState state) {
        return state == null ? null : state.value();
    }

    /** Binds with the static type Instant, so a null still reaches our TIMESTAMP WITH TIME ZONE binder. */
    static <S extends SqlStatement<S>> S instant(S statement, String name, Instant value) {
        return statement.bindByType(name, value, Instant.class);
    }
}
