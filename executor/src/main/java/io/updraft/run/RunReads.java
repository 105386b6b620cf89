package io.updraft.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a running task reads of the runs: XComs of its run and the previous successful run. Answered by the store in
 * an engine node, and through the Task Execution API on a remote worker. Thread-safe.
 */
public interface RunReads {

    /** The DAG's latest successful run whose logical date is before {@code before} (Airflow's prev_*_success). */
    Optional<DagRun> previousSuccess(String dagId, Instant before);

    /** XComs of a run; of one task when {@code taskId} is not null. Ordered by task id, map index, key. */
    List<XCom> xcoms(String dagId, String runId, String taskId);
}
