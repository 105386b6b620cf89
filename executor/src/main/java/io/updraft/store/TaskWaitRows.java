package io.updraft.store;

import io.updraft.json.Json;
import io.updraft.run.RunChanges;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskWait;
import io.updraft.run.Trigger;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Rows of table task_wait (sensors' reschedule dates and triggers), written with the run's other changes. */
final class TaskWaitRows {

    private static final String DELETE = "DELETE FROM task_wait WHERE ti_id = :ti_id";
    private static final String INSERT = "INSERT INTO task_wait (ti_id, dag_id, run_id, task_id, map_index, "
            + "try_number, first_start, resume_at, trigger_json, event_json) VALUES (:ti_id, :dag_id, :run_id, "
            + ":task_id, :map_index, :try_number, :first_start, :resume_at, :trigger_json, :event_json)";
    private static final String SELECT = "SELECT * FROM task_wait WHERE dag_id = :dag_id AND run_id = :run_id";

    private TaskWaitRows() {
    }

    static void write(Handle handle, RunChanges changes) {
        List<TaskWait> waits = changes.waits();
        if (changes.waitDeletes().isEmpty() && waits.isEmpty()) {
            return;
        }
        PreparedBatch deletes = handle.prepareBatch(DELETE);
        changes.waitDeletes().forEach(id -> deletes.bind("ti_id", id).add());
        waits.forEach(wait -> deletes.bind("ti_id", wait.taskInstanceId()).add());
        deletes.execute();
        if (waits.isEmpty()) {
            return;
        }
        PreparedBatch inserts = handle.prepareBatch(INSERT);
        for (TaskWait wait : waits) {
            TaskInstanceKey key = wait.key();
            inserts.bind("ti_id", wait.taskInstanceId()).bind("dag_id", key.dagId()).bind("run_id", key.runId())
                    .bind("task_id", key.taskId()).bind("map_index", key.mapIndex())
                    .bind("try_number", wait.tryNumber())
                    .bind("trigger_json", wait.trigger() == null ? null : Json.write(wait.trigger()))
                    .bind("event_json", wait.event() == null ? null : Json.write(wait.event()));
            RunRows.instant(inserts, "first_start", wait.firstStart());
            RunRows.instant(inserts, "resume_at", wait.resumeAt());
            inserts.add();
        }
        inserts.execute();
    }

    static List<TaskWait> read(Handle handle, String dagId, String runId) {
        return handle.createQuery(SELECT).bind("dag_id", dagId).bind("run_id", runId).map((rs, ctx) -> {
            String trigger = rs.getString("trigger_json");
            String event = rs.getString("event_json");
            try {
                return new TaskWait(rs.getString("ti_id"), new TaskInstanceKey(rs.getString("dag_id"),
                        rs.getString("run_id"), rs.getString("task_id"), rs.getInt("map_index")),
                        rs.getInt("try_number"), Columns.instant(rs, "first_start"), Columns.instant(rs, "resume_at"),
                        trigger == null ? null : Json.MAPPER.readValue(trigger, Trigger.class),
                        event == null ? null : Json.readObject(event));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("task_wait row of " + rs.getString("ti_id") + " is unreadable", e);
            }
        }).list();
    }
}
