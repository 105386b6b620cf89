package io.updraft.store;

import io.updraft.run.RunChanges;
import io.updraft.run.StaleStateException;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The engine's hottest writes, task-instance inserts and state updates, as plain JDBC batches with positional
 * parameters: every engine commit has them, and Jdbi's per-row named binding cost more CPU than the driver's work
 * (a third of the engine thread in a 1,000-task fan-out). Instants go in as UTC {@code OffsetDateTime}s, as
 * {@link InstantArgumentFactory} binds them elsewhere.
 */
final class TaskInstanceBatches {

    private static final String COLUMNS = "state, try_number, max_tries, start_date, end_date, hostname, unixname, "
            + "pid, pool, pool_slots, queue, priority_weight, operator, queued_dttm, scheduled_dttm, rendered_fields, "
            + "rendered_map_index, note, job_id, updated_at";
    private static final int COLUMN_COUNT = 20;

    private static final String INSERT = "INSERT INTO task_instance (id, dag_id, run_id, task_id, map_index, "
            + COLUMNS + ") VALUES (" + "?, ".repeat(4 + COLUMN_COUNT) + "?)";

    // IS NOT DISTINCT FROM: the expected state may be NONE (NULL), and NULL = NULL is not true.
    // By the stable id as well as the key: H2 (2.3) plans an UPDATE on the key with the foreign key's index on
    // (dag_id, run_id) and so reads every task instance of the run; the unique id makes it one row.
    private static final String UPDATE = "UPDATE task_instance SET " + COLUMNS.replace(", ", " = ?, ") + " = ?"
            + " WHERE id = ? AND dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?"
            + " AND state IS NOT DISTINCT FROM ?";

    private TaskInstanceBatches() {
    }

    static void insert(Handle handle, List<TaskInstance> inserts) {
        if (inserts.isEmpty()) {
            return;
        }
        run(handle, INSERT, statement -> {
            for (TaskInstance ti : inserts) {
                int next = bindKey(statement, 1, ti);
                bindColumns(statement, next, ti);
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    /**
     * Updates each task instance that is still in its expected state.
     *
     * @param describeNow what the store holds now for an instance that was not (for the error)
     * @throws StaleStateException when one was not: the transaction must not commit
     */
    static void update(Handle handle, List<RunChanges.TaskInstanceUpdate> updates,
                       Function<TaskInstanceKey, String> describeNow) {
        if (updates.isEmpty()) {
            return;
        }
        int[] counts = run(handle, UPDATE, statement -> {
            for (RunChanges.TaskInstanceUpdate update : updates) {
                TaskInstance ti = update.taskInstance();
                int next = bindColumns(statement, 1, ti);
                next = bindKey(statement, next, ti);
                statement.setString(next, RunRows.stateValue(update.expectedState()));
                statement.addBatch();
            }
            return statement.executeBatch();
        });
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                TaskInstanceKey key = updates.get(i).taskInstance().key();
                throw new StaleStateException("Task instance " + key + " is no longer in state '"
                        + updates.get(i).expectedState().value() + "' (now " + describeNow.apply(key)
                        + "); no change was applied");
            }
        }
    }

    private interface Batch {
        int[] execute(PreparedStatement statement) throws SQLException;
    }

    private static int[] run(Handle handle, String sql, Batch batch) {
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return batch.execute(statement);
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    /** id, dag_id, run_id, task_id, map_index; returns the next position. */
    private static int bindKey(PreparedStatement statement, int at, TaskInstance ti) throws SQLException {
        statement.setString(at, ti.id());
        statement.setString(at + 1, ti.dagId());
        statement.setString(at + 2, ti.runId());
        statement.setString(at + 3, ti.taskId());
        statement.setInt(at + 4, ti.mapIndex());
        return at + 5;
    }

    /** The {@link #COLUMNS}, in their order; returns the next position. */
    private static int bindColumns(PreparedStatement statement, int at, TaskInstance ti) throws SQLException {
        statement.setString(at, RunRows.stateValue(ti.state()));
        statement.setInt(at + 1, ti.tryNumber());
        statement.setInt(at + 2, ti.maxTries());
        instant(statement, at + 3, ti.startDate());
        instant(statement, at + 4, ti.endDate());
        statement.setString(at + 5, ti.hostname());
        statement.setString(at + 6, ti.unixname());
        integer(statement, at + 7, ti.pid());
        statement.setString(at + 8, ti.pool());
        statement.setInt(at + 9, ti.poolSlots());
        statement.setString(at + 10, ti.queue());
        statement.setInt(at + 11, ti.priorityWeight());
        statement.setString(at + 12, ti.operator());
        instant(statement, at + 13, ti.queuedDttm());
        instant(statement, at + 14, ti.scheduledDttm());
        statement.setString(at + 15, ti.renderedFields());
        statement.setString(at + 16, ti.renderedMapIndex());
        statement.setString(at + 17, ti.note());
        if (ti.jobId() == null) {
            statement.setNull(at + 18, Types.BIGINT);
        } else {
            statement.setLong(at + 18, ti.jobId());
        }
        instant(statement, at + 19, ti.updatedAt());
        return at + COLUMN_COUNT;
    }

    private static void instant(PreparedStatement statement, int at, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(at, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(at, value.atOffset(ZoneOffset.UTC));
        }
    }

    private static void integer(PreparedStatement statement, int at, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(at, Types.INTEGER);
        } else {
            statement.setInt(at, value);
        }
    }
}
