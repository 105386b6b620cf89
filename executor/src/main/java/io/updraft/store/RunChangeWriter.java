package io.updraft.store;

import io.updraft.run.DagRun;
import io.updraft.run.RunChanges;
import io.updraft.run.StaleStateException;
import io.updraft.run.TaskInstanceKey;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Writes one engine step's {@link RunChanges} inside the caller's transaction: runs, task instances, XComs, tries,
 * sensor waits and deletes, each kind as one batch, after the fencing check; any row no longer in the state the
 * engine expected fails the whole step.
 */
final class RunChangeWriter {

    private static final String UPDATE_RUN = """
            UPDATE dag_run SET logical_date = :logical_date, data_interval_start = :data_interval_start,
                data_interval_end = :data_interval_end, run_after = :run_after, run_type = :run_type, state = :state,
                queued_at = :queued_at, start_date = :start_date, end_date = :end_date, conf = :conf, note = :note,
                triggered_by = :triggered_by, dag_version = :dag_version, clear_number = :clear_number,
                last_scheduling_decision = :last_scheduling_decision, updated_at = :updated_at
            WHERE dag_id = :dag_id AND run_id = :run_id AND state = :expected_state""";

    private static final String DELETE_TASK_INSTANCE = """
            DELETE FROM task_instance
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id AND map_index = :map_index""";

    private static final String INSERT_TASK_INSTANCE_HISTORY = """
            INSERT INTO task_instance_history (task_instance_id, dag_id, run_id, task_id, map_index, state,
                try_number, max_tries, start_date, end_date, hostname, unixname, pid, pool, pool_slots, queue,
                priority_weight, operator, queued_dttm, scheduled_dttm, rendered_fields, rendered_map_index, note,
                job_id, updated_at)
            VALUES (:id, :dag_id, :run_id, :task_id, :map_index, :state, :try_number, :max_tries,
                :start_date, :end_date, :hostname, :unixname, :pid, :pool, :pool_slots, :queue, :priority_weight,
                :operator, :queued_dttm, :scheduled_dttm, :rendered_fields, :rendered_map_index, :note, :job_id,
                :updated_at)""";

    private static final String DELETE_XCOMS_OF_TASK_INSTANCE = """
            DELETE FROM xcom
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id AND map_index = :map_index""";

    private static final String DELETE_TRIES_OF_TASK_INSTANCE = """
            DELETE FROM task_instance_history
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id AND map_index = :map_index""";

    private static final String UPSERT_XCOM_H2 = """
            MERGE INTO xcom (dag_id, run_id, task_id, map_index, "key", "value", "timestamp")
            KEY (dag_id, run_id, task_id, map_index, "key")
            VALUES (:dag_id, :run_id, :task_id, :map_index, :key, :value, :timestamp)""";

    private static final String UPSERT_XCOM_POSTGRES = """
            INSERT INTO xcom (dag_id, run_id, task_id, map_index, "key", "value", "timestamp")
            VALUES (:dag_id, :run_id, :task_id, :map_index, :key, :value, :timestamp)
            ON CONFLICT (dag_id, run_id, task_id, map_index, "key")
            DO UPDATE SET "value" = EXCLUDED."value", "timestamp" = EXCLUDED."timestamp\"""";

    // H2 has no FOR SHARE (its store belongs to one process, so only tests fence on it)
    private static final String SELECT_OWNER_H2 = """
            SELECT owner_job_id FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id FOR UPDATE""";

    private static final String SELECT_OWNER_POSTGRES = """
            SELECT owner_job_id FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id FOR SHARE""";

    // task instances, their history and XComs go with the run (ON DELETE CASCADE)
    static final String DELETE_RUN = """
            DELETE FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id""";

    private RunChangeWriter() {
    }

    static void write(Handle handle, RunChanges changes, Dialect dialect) {
        // Order matters: a mapped placeholder is deleted before its expansion is inserted, and a task's old
        // XComs are cleared before its new ones are put.
        if (changes.fencedBy() != null) {
            checkOwnership(handle, changes, dialect);
        }
        updateRuns(handle, changes.runUpdates());
        // A delete of an already-missing row is not an error: removing a placeholder twice changes nothing.
        executeBatch(handle, DELETE_TASK_INSTANCE, changes.deletes(), RunChangeWriter::bindKey);
        TaskInstanceBatches.insert(handle, changes.inserts());
        TaskInstanceBatches.update(handle, changes.updates(), key -> JdbiRunStore.findTaskInstance(handle, key)
                .map(ti -> "'" + ti.state().value() + "'").orElse("deleted"));
        if (changes.checksPools()) {
            PoolCapacity.check(handle, changes.poolsEntered(), dialect);
        }
        executeBatch(handle, DELETE_XCOMS_OF_TASK_INSTANCE, changes.xcomClears(), RunChangeWriter::bindKey);
        executeBatch(handle, dialect.pick(UPSERT_XCOM_H2, UPSERT_XCOM_POSTGRES), changes.xcoms(),
                RunRows::bindXCom);
        executeBatch(handle, DELETE_TRIES_OF_TASK_INSTANCE, changes.triesDeletes(), RunChangeWriter::bindKey);
        executeBatch(handle, INSERT_TASK_INSTANCE_HISTORY, changes.tries(), RunRows::bindTaskInstance);
        TaskWaitRows.write(handle, changes);
        executeBatch(handle, DELETE_RUN, changes.runDeletes(),
                (batch, run) -> batch.bind("dag_id", run.dagId()).bind("run_id", run.runId()));
    }

    /**
     * Fencing: every run the changes touch must still be owned by the committing engine. The rows stay locked to the
     * end of the transaction, so a node taking a run over waits for this commit, and sees it, before it reads the run.
     */
    private static void checkOwnership(Handle handle, RunChanges changes, Dialect dialect) {
        for (RunChanges.RunKey run : changes.touchedRuns()) {
            Long owner = handle.createQuery(dialect.pick(SELECT_OWNER_H2, SELECT_OWNER_POSTGRES))
                    .bind("dag_id", run.dagId()).bind("run_id", run.runId())
                    .mapTo(Long.class).findOne().orElse(null);
            if (!changes.fencedBy().equals(owner)) {
                throw new StaleStateException("DAG run " + run.dagId() + "/" + run.runId() + " is driven by "
                        + (owner == null ? "no engine" : "engine job " + owner) + " now, not by job "
                        + changes.fencedBy() + "; no change was applied");
            }
        }
    }

    private static void updateRuns(Handle handle, List<RunChanges.RunUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(UPDATE_RUN);
        for (RunChanges.RunUpdate update : updates) {
            RunRows.bindRun(batch, update.run()).bind("expected_state", update.expectedState().value()).add();
        }
        int[] counts = batch.execute();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                DagRun run = updates.get(i).run();
                String now = handle.createQuery("SELECT state FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id")
                        .bind("dag_id", run.dagId())
                        .bind("run_id", run.runId())
                        .mapTo(String.class)
                        .findOne()
                        .map(state -> "'" + state + "'")
                        .orElse("deleted");
                throw new StaleStateException("DAG run " + run.dagId() + "/" + run.runId() + " is no longer in state '"
                        + updates.get(i).expectedState().value() + "' (now " + now + "); no change was applied");
            }
        }
    }

    private interface Binder<T> {
        PreparedBatch bind(PreparedBatch batch, T value);
    }

    private static <T> void executeBatch(Handle handle, String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(sql);
        for (T row : rows) {
            binder.bind(batch, row).add();
        }
        batch.execute();
    }

    static <S extends SqlStatement<S>> S bindKey(S statement, TaskInstanceKey key) {
        return statement
                .bind("dag_id", key.dagId())
                .bind("run_id", key.runId())
                .bind("task_id", key.taskId())
                .bind("map_index", key.mapIndex());
    }
}
