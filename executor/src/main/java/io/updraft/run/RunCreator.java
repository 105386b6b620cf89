package io.updraft.run;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Creates a queued run and its task instances in the store, with Airflow's defaults for what the request leaves
 * out. Used by the engine and by callers that only queue a run for another process to execute. Thread-safe.
 */
public final class RunCreator {

    /** A stored run with its task instances. */
    public record CreatedRun(DagRun run, List<TaskInstance> taskInstances) {
    }

    private final GroupCommit commits;
    private final Clock clock;

    public RunCreator(RunStore store) {
        this(store, RunClock.utc());
    }

    public RunCreator(RunStore store, Clock clock) {
        this.commits = new GroupCommit(store);
        this.clock = clock;
    }

    /**
     * @param operatorName the operator name recorded on each task instance (Airflow's {@code operator} field)
     * @throws DuplicateRunException when the run id or logical date is taken
     */
    public DagRun create(Dag dag, TriggerRequest request, Function<Task, String> operatorName) {
        return createWithInstances(dag, request, operatorName).run();
    }

    public CreatedRun createWithInstances(Dag dag, TriggerRequest request, Function<Task, String> operatorName) {
        return createWithInstances(dag, request, operatorName, null);
    }

    /**
     * Airflow's {@code DagRun.verify_integrity}: a task whose start_date is after the run's logical date, or whose
     * end_date is before it, gets no task instance (a backfill run gets every task's).
     */
    static boolean hasInstance(Task task, RunType runType, Instant logicalDate) {
        if (runType == RunType.BACKFILL || logicalDate == null) {
            return true;
        }
        return (task.startDate() == null || !task.startDate().isAfter(logicalDate))
                && (task.endDate() == null || !logicalDate.isAfter(task.endDate()));
    }

    /** @param ownerJobId the engine that will drive the run itself; null to queue it for any engine */
    public CreatedRun createWithInstances(Dag dag, TriggerRequest request, Function<Task, String> operatorName,
                                          Long ownerJobId) {
        Instant now = clock.instant();
        Instant logicalDate = RunClock.truncate(request.logicalDate());
        Instant runAfter = request.runAfter() != null ? RunClock.truncate(request.runAfter())
                : logicalDate != null ? logicalDate : now;
        String runId = request.runId() != null ? request.runId()
                : RunIds.generate(request.runType(), logicalDate, runAfter);
        Instant intervalStart = request.dataIntervalStart() != null ? RunClock.truncate(request.dataIntervalStart())
                : logicalDate;
        Instant intervalEnd = request.dataIntervalEnd() != null ? RunClock.truncate(request.dataIntervalEnd())
                : logicalDate;
        Map<String, Object> conf = new LinkedHashMap<>(request.conf() == null ? Map.of() : request.conf());
        DagRun run = new DagRun(0, dag.dagId(), runId, logicalDate, intervalStart, intervalEnd, runAfter,
                request.runType(), RunState.QUEUED, now, null, null, conf, request.note(), request.triggeredBy(),
                dag.versionHash(), 0, null, now);
        List<TaskInstance> instances = new ArrayList<>();
        for (Task task : dag.tasks().values()) {
            if (!hasInstance(task, request.runType(), logicalDate)) {
                continue;
            }
            instances.add(new TaskInstance(TaskInstanceIds.next(), dag.dagId(), runId, task.taskId(), -1,
                    TaskState.NONE, 0, task.retries(), null, null, null, null, null, task.pool(), task.poolSlots(),
                    task.queue(), dag.effectivePriority(task.taskId()), operatorName.apply(task), null, null, null,
                    null, null, null, now));
        }
        return new CreatedRun(commits.create(new RunStore.NewRun(run, instances, ownerJobId)), instances);
    }
}
