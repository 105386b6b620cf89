package io.updraft.run;

import java.nio.file.Path;

/** Airflow's task log layout: {@code dag_id=<d>/run_id=<r>/task_id=<t>/[map_index=<i>/]attempt=<n>.log}. */
public final class LogPaths {

    private LogPaths() {
    }

    public static Path attemptLog(Path logsFolder, TaskInstanceKey key, int tryNumber) {
        Path folder = logsFolder.resolve("dag_id=" + key.dagId()).resolve("run_id=" + key.runId())
                .resolve("task_id=" + key.taskId());
        if (key.mapIndex() >= 0) {
            folder = folder.resolve("map_index=" + key.mapIndex());
        }
        return folder.resolve("attempt=" + tryNumber + ".log");
    }
}
