package io.updraft.run;

/** Identifies a task instance: Airflow's (dag_id, run_id, task_id, map_index). */
public record TaskInstanceKey(String dagId, String runId, String taskId, int mapIndex) {

    public static TaskInstanceKey of(String dagId, String runId, String taskId) {
        return new TaskInstanceKey(dagId, runId, taskId, -1);
    }

    @Override
    public String toString() {
        return dagId + "/" + runId + "/" + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "");
    }
}
