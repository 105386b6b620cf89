package io.updraft.schedule;

import io.updraft.run.RunState;
import io.updraft.run.RunType;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The few queries scheduling needs beyond RunStore and DagStore: the bookmark of the latest scheduled run, the
 * DAG row's next_dagrun columns, and existing runs by logical date. Kept here rather than widening the shared store
 * interfaces. Thread-safe.
 */
public interface ScheduleStore {

    /** A stored run as seen by a backfill. */
    record ExistingRun(String runId, RunType runType, RunState state) {
    }

    /** Data interval of the DAG's scheduled run with the latest logical date (Airflow's last automated run). */
    Optional<DataInterval> lastScheduledInterval(String dagId);

    /** {@link #lastScheduledInterval} of every DAG that has a scheduled run, in one query. */
    Map<String, DataInterval> lastScheduledIntervals();

    /** {@link #updateNextDagrun} for many DAGs in one transaction. */
    void updateNextDagruns(Map<String, Optional<DagRunInfo>> nextByDag);

    /** Writes next_dagrun, next_dagrun_data_interval_* and next_dagrun_create_after (all null when none). */
    void updateNextDagrun(String dagId, Optional<DagRunInfo> next);

    /** Runs of the DAG with a logical date in [from, to], by logical date. */
    Map<Instant, ExistingRun> runsBetween(String dagId, Instant from, Instant to);

    /** Queued or running runs of the DAG of these run types. */
    long activeRuns(String dagId, Collection<RunType> runTypes);
}
