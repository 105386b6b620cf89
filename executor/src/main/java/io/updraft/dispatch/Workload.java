package io.updraft.dispatch;

import io.updraft.run.DagRun;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskWait;
import java.util.Map;

/**
 * What a worker needs to run one try, beside the DAG it loads from its own DAGs folder.
 *
 * @param taskInstance the instance as queued, with this try's number
 * @param mappedArguments for a mapped task instance: its expanded arguments; else empty
 * @param resumed a sensor's try resumed after a reschedule or a deferral, with its trigger's event; else null
 * @param triggeringAssetEvents an asset-triggered run's consumed events by asset URI (the node reads them from its
 *     store, which the worker never touches); else empty
 */
public record Workload(DagRun run, TaskInstance taskInstance, Map<String, Object> mappedArguments,
                       TaskWait resumed, Map<String, Object> triggeringAssetEvents) {

    public Workload {
        mappedArguments = mappedArguments == null ? Map.of() : mappedArguments;
        triggeringAssetEvents = triggeringAssetEvents == null ? Map.of() : triggeringAssetEvents;
    }

    /** What a try was queued with, and the consumed asset events of its run. */
    public static Workload of(TaskAttempt attempt, Map<String, Object> triggeringAssetEvents) {
        return new Workload(attempt.run(), attempt.taskInstance(), attempt.mappedArguments(), attempt.resumed(),
                triggeringAssetEvents);
    }

    /** A try's id in the Task Execution API: the task instance's id and the try number. */
    public static String tryId(TaskInstance ti) {
        return ti.id() + "." + ti.tryNumber();
    }

    public String tryId() {
        return tryId(taskInstance);
    }
}
