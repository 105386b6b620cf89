package io.updraft.template;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.KillSwitch;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Builds DAG runs, task instances and attempts for tests. */
public final class Fixtures {

    public static final String DAG_ID = "example";
    public static final String RUN_ID = "scheduled__2018-01-01T00:00:00+00:00";

    private Fixtures() {
    }

    public static DagRun aRun(Instant logicalDate, Map<String, Object> conf) {
        return new DagRun(1, DAG_ID, RUN_ID, logicalDate, logicalDate,
                logicalDate == null ? null : logicalDate.plusSeconds(86400), logicalDate, RunType.SCHEDULED,
                RunState.RUNNING, null, null, null, conf, null, "timetable", "v1", 0, null, null);
    }

    public static TaskInstance aRunningInstance(String taskId, int tryNumber, int maxTries, int mapIndex) {
        return new TaskInstance("id-" + taskId, DAG_ID, RUN_ID, taskId, mapIndex, TaskState.RUNNING, tryNumber,
                maxTries, Instant.now(), null, "localhost", "updraft", null, "default_pool", 1, "default", 1, null,
                null, null, null, null, null, null, null);
    }

    public static TaskAttempt anAttempt(Dag dag, String taskId, DagRun run, Path logFile) {
        Task task = dag.task(taskId);
        return new TaskAttempt(dag, task, run, aRunningInstance(taskId, 1, task.retries(), -1), Map.of(), logFile,
                new KillSwitch());
    }
}
