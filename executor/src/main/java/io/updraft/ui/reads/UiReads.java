package io.updraft.ui.reads;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web UI reads, each one or two queries whatever the number of DAGs or runs: the DAG list with recent run
 * states, the grid (last runs by all task instances), one run's task states, a task's durations. Its own package,
 * apart from {@code ui}, so the store can implement it without depending on the web edge.
 */
public interface UiReads {

    /** A DAG row as the list shows it. */
    public record DagRow(String dagId, String displayName, String description, boolean paused, String owners,
                         List<String> tags, String timetableSummary, boolean hasImportErrors, Instant nextDagrun,
                         String fileloc) {
    }

    /** A run as the grid and the DAG list show it. */
    public record RunRow(String dagId, String runId, String state, String runType, Instant logicalDate,
                         Instant runAfter, Instant startDate, Instant endDate) {
    }

    /** A task instance's state (one map index). */
    public record TaskRow(String runId, String taskId, int mapIndex, String state, int tryNumber, Instant startDate,
                          Instant endDate) {
    }

    /** One run of a task: its duration and state. */
    public record DurationRow(String runId, Instant runAfter, int mapIndex, String state, int tryNumber,
                              Instant startDate, Instant endDate) {
    }

    /** Every DAG that is not stale, by id. */
    List<DagRow> dags();

    /** The latest {@code perDag} runs of each DAG named (all DAGs when {@code dagIds} is null), newest first. */
    Map<String, List<RunRow>> recentRuns(Collection<String> dagIds, int perDag);

    /** The latest runs of a DAG, newest first; only runs after {@code before} (run_after) when it is given. */
    List<RunRow> runs(String dagId, int limit, Instant before);

    /** Task instances of the named runs of a DAG. */
    List<TaskRow> taskInstances(String dagId, Collection<String> runIds);

    Optional<RunRow> run(String dagId, String runId);

    /** The task's instances in the DAG's latest runs, newest first. */
    List<DurationRow> durations(String dagId, String taskId, int limit);
}
