package io.updraft.store;

import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data: runs and task instances with every field set, at microsecond precision (what the columns keep). */
final class RunFixtures {

    static final Instant T0 = Instant.parse("2024-03-01T10:15:30.123456Z");

    private RunFixtures() {
    }

    static DagRun aRun(String dagId, String runId, Instant logicalDate) {
        Instant base = logicalDate == null ? T0 : logicalDate;
        return new DagRun(0, dagId, runId, logicalDate,
                logicalDate == null ? null : base.minus(Duration.ofDays(1)), logicalDate,
                base.plusMillis(1), RunType.SCHEDULED, RunState.QUEUED,
                base.plusSeconds(1), null, null,
                Map.of("answer", 42, "nested", Map.of("list", List.of("a", "b")), "flag", true),
                "a note", "timetable", "hash-1", 0, null, base.plusSeconds(2));
    }

    static DagRun aManualRun(String dagId, String runId, Instant runAfter) {
        return new DagRun(0, dagId, runId, null, null, null, runAfter, RunType.MANUAL, RunState.QUEUED,
                runAfter, null, null, Map.of(), null, "cli", "hash-1", 0, null, runAfter);
    }

    static TaskInstance aTaskInstance(DagRun run, String taskId, int mapIndex) {
        return new TaskInstance(UUID.randomUUID().toString(), run.dagId(), run.runId(), taskId, mapIndex,
                TaskState.NONE, 0, 2, null, null, null, null, null, "default_pool", 1, "default", 1,
                "BashOperator", null, null, null, null, null, null, T0);
    }

    /** A task instance with every nullable field filled in. */
    static TaskInstance aRunningTaskInstance(DagRun run, String taskId) {
        return aTaskInstance(run, taskId, -1).toBuilder()
                .state(TaskState.RUNNING)
                .tryNumber(1)
                .startDate(T0.plusSeconds(10))
                .endDate(T0.plusSeconds(20).plusNanos(654_321_000))
                .hostname("worker-1")
                .unixname("airflow")
                .pid(4242)
                .pool("etl")
                .poolSlots(2)
                .queue("fast")
                .priorityWeight(7)
                .queuedDttm(T0.plusSeconds(5))
                .scheduledDttm(T0.plusSeconds(4))
                .renderedFields("{\"bash_command\":\"echo 1\"}")
                .note("ti note")
                .jobId(99L)
                .updatedAt(T0.plusSeconds(21))
                .build();
    }
}
