package io.updraft.run;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a DAG, as stored.
 *
 * @param id store-assigned key; 0 before the run is stored
 * @param logicalDate null for Airflow 3 runs triggered without one
 * @param conf the trigger's conf (never null)
 * @param triggeredBy Airflow 3's triggered_by: cli, rest_api, ui, test, timetable, backfill, ...
 * @param dagVersion content hash of the DAG definition the run executes
 */
public record DagRun(
        long id,
        String dagId,
        String runId,
        Instant logicalDate,
        Instant dataIntervalStart,
        Instant dataIntervalEnd,
        Instant runAfter,
        RunType runType,
        RunState state,
        Instant queuedAt,
        Instant startDate,
        Instant endDate,
        Map<String, Object> conf,
        String note,
        String triggeredBy,
        String dagVersion,
        int clearNumber,
        Instant lastSchedulingDecision,
        Instant updatedAt) {

    public DagRun {
        conf = conf == null ? Map.of() : conf;
    }

    public DagRun withState(RunState newState, Instant newStartDate, Instant newEndDate, Instant now) {
        return new DagRun(id, dagId, runId, logicalDate, dataIntervalStart, dataIntervalEnd, runAfter, runType,
                newState, queuedAt, newStartDate, newEndDate, conf, note, triggeredBy, dagVersion, clearNumber,
                lastSchedulingDecision, now);
    }

    /** Back to queued, as clearing a finished run does in Airflow: a new clear number, no start or end yet. */
    public DagRun requeued(Instant now, boolean cleared) {
        return new DagRun(id, dagId, runId, logicalDate, dataIntervalStart, dataIntervalEnd, runAfter, runType,
                RunState.QUEUED, now, null, null, conf, note, triggeredBy, dagVersion,
                cleared ? clearNumber + 1 : clearNumber, null, now);
    }

    public DagRun withNote(String newNote, Instant now) {
        return new DagRun(id, dagId, runId, logicalDate, dataIntervalStart, dataIntervalEnd, runAfter, runType,
                state, queuedAt, startDate, endDate, conf, newNote, triggeredBy, dagVersion, clearNumber,
                lastSchedulingDecision, now);
    }

    public DagRun withId(long newId) {
        return new DagRun(newId, dagId, runId, logicalDate, dataIntervalStart, dataIntervalEnd, runAfter, runType,
                state, queuedAt, startDate, endDate, conf, note, triggeredBy, dagVersion, clearNumber,
                lastSchedulingDecision, updatedAt);
    }
}
