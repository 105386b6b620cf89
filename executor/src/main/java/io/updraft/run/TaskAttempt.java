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
 */
public record TaskAttempt(
        Dag dag,
        Task task,
        DagRun run,
        TaskInstance taskInstance,
        Map<String, Object> mappedArguments,
        Path logFile,
        KillSwitch killSwitch) {
}
