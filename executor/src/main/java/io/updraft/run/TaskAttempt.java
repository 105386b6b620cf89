package io.updraft.run;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything needed to run one try of one task instance.
 *
 * @param taskInstance the instance, already in state running with this try's number
 * @param mappedArguments for a mapped task instance: the expanded argument values of its map index; else empty
 * @param logFile this try's log file (its folder exists)
 * @param resumed a sensor's try started again after a reschedule or a deferral (with its trigger's event); null
 *     for a fresh try
 */
public record TaskAttempt(
        Dag dag,
        Task task,
        DagRun run,
        TaskInstance taskInstance,
        Map<String, Object> mappedArguments,
        Path logFile,
        KillSwitch killSwitch,
        TaskWait resumed) {

    public TaskAttempt(Dag dag, Task task, DagRun run, TaskInstance taskInstance, Map<String, Object> mappedArguments,
                       Path logFile, KillSwitch killSwitch) {
        this(dag, task, run, taskInstance, mappedArguments, logFile, killSwitch, null);
    }
}
