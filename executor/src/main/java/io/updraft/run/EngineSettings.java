package io.updraft.run;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How an engine runs and what it needs to know of the world around it.
 *
 * @param parallelism task instances run at once by this engine (Airflow's {@code [core] parallelism}, 32)
 * @param logsFolder root of the task logs ({@code dag_id=.../run_id=.../task_id=.../attempt=N.log})
 * @param jobId this engine process's job id, written on the instances it runs; null when not tracked
 * @param poolSlots slots of a pool by name (-1 = unlimited), empty when the pool does not exist
 * @param skipsExecution tasks marked success without running (EmptyOperator without callbacks)
 * @param operatorName the operator name shown for a task (Airflow's {@code operator} field)
 * @param dags the current definition of a DAG, to continue runs it did not create (recovery, other processes)
 * @param isJobDead whether the engine process that holds an instance is gone
 * @param adoptQueuedRuns pick up queued runs created by other processes (scheduler mode); off for {@code dags test}
 * @param isPaused whether a DAG is paused: its queued runs do not start and its running runs schedule no more
 *     tasks, as in Airflow ({@code dags test} ignores pausing)
 * @param remoteTries where tries of each queue run: here, or on remote workers
 */
public record EngineSettings(
        int parallelism,
        Path logsFolder,
        String hostname,
        String unixname,
        int pid,
        Long jobId,
        Function<String, OptionalInt> poolSlots,
        Predicate<Task> skipsExecution,
        Function<Task, String> operatorName,
        Function<String, Optional<Dag>> dags,
        Predicate<Long> isJobDead,
        boolean adoptQueuedRuns,
        Predicate<String> isPaused,
        Duration pollInterval,
        RemoteTries remoteTries) {

    public static final int DEFAULT_PARALLELISM = 32;

    public EngineSettings {
        remoteTries = remoteTries == null ? RemoteTries.NONE : remoteTries;
    }
}
