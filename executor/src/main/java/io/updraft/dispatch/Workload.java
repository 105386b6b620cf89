package io.updraft.dispatch;

import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import java.util.Map;

/**
 * What a worker needs to run one try, beside the DAG it loads from its own DAGs folder.
 *
 * @param taskInstance the instance as queued, with this try's number
 * @param mappedArguments for a mapped task instance: its expanded arguments; else empty
 * @param triggeringAssetEvents an asset-triggered run's consumed events by asset URI (the node reads them from its
 *     store, which the worker never touches); else empty
 */
public record Workload(DagRun run, TaskInstance taskInstance, Map<String, Object> mappedArguments,
                       Map<String, Object> triggeringAssetEvents) {

    public Workload {
        mappedArguments = mappedArguments == null ? Map.of() : mappedArguments;
        triggeringAssetEvents = triggeringAssetEvents == null ? Map.of() : triggeringAssetEvents;
    }

    /** A try's id in the Task Execution API: the task instance's id and the try number. */
    public static String tryId(TaskInstance ti) {
        return ti.id() + "." + ti.tryNumber();
    }

    public String tryId() {
        return tryId(taskInstance);
    }
}
