package io.updraft.schedule;

import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunClock;
import io.updraft.run.RunIds;
import io.updraft.run.RunType;
import io.updraft.run.TriggerRequest;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creates a DAG's due scheduled runs from its timetable and the latest scheduled run in the store, and writes
 * the DAG row's next_dagrun columns. The store is the bookmark, not the timer: after downtime or a restart the
 * same computation yields exactly the runs still missing (all of them with catchup, the latest without), and
 * the store's unique (dag_id, logical_date) stops a second scheduler from creating one twice. Thread-safe.
 */
public final class DagRunScheduler {

    /** Runs created per pass at most, so a long catchup is spread over several passes. */
    static final int MAX_RUNS_PER_PASS = 100;
    /** How often a continuous DAG is looked at while its run is active. */
    static final Duration CONTINUOUS_POLL = Duration.ofSeconds(1);
    private static final EnumSet<RunType> NON_BACKFILL = EnumSet.of(RunType.SCHEDULED, RunType.MANUAL,
            RunType.ASSET_TRIGGERED, RunType.OPERATOR_TRIGGERED);

    /**
     * What one pass did.
     *
     * @param next the DAG's next automated run as written to next_dagrun (empty when there is none)
     * @param fireAt when to look at the DAG again; null when it will never get another scheduled run
     */
    public record Outcome(List<DagRun> created, Optional<DagRunInfo> next, Instant fireAt) {

        static Outcome idle() {
            return new Outcome(List.of(), Optional.empty(), null);
        }
    }

    private final DagStore dags;
    private final ScheduleStore store;
    private final RunSink sink;
    private final Clock clock;

    public DagRunScheduler(DagStore dags, ScheduleStore store, RunSink sink, Clock clock) {
        this.dags = dags;
        this.store = store;
        this.sink = sink;
        this.clock = clock;
    }

    /** Whether the DAG gets scheduled runs at all: scheduled, and stored neither paused nor stale. */
    public boolean isSchedulable(Dag dag) {
        return isSchedulable(dag, dags.find(dag.dagId()));
    }

    private static boolean isSchedulable(Dag dag, Optional<DagRecord> record) {
        return Timetables.of(dag).canBeScheduled() && record.isPresent() && !record.get().isPaused()
                && !record.get().isStale();
    }

    /** Creates the due runs of the DAG (none when it is not schedulable) and says when to look again. */
    public Outcome schedule(Dag dag) {
        Optional<DagRecord> record = dags.find(dag.dagId());
        if (!isSchedulable(dag, record)) {
            return Outcome.idle();
        }
        Instant now = RunClock.truncate(clock.instant());
        Timetable timetable = Timetables.of(dag);
        Restriction restriction = Timetables.restriction(dag);
        DataInterval last = store.lastScheduledInterval(dag.dagId()).orElse(null);
        boolean continuous = timetable instanceof ContinuousTimetable;
        List<DagRun> created = new ArrayList<>();
        // @continuous: one active run at a time (Airflow forces max_active_runs=1)
        boolean blocked = continuous && store.activeRuns(dag.dagId(), NON_BACKFILL) > 0;
        Optional<DagRunInfo> next = last == null && restriction.earliest() == null
                ? stored(record.get()).or(() -> timetable.nextRun(null, restriction, now))
                : timetable.nextRun(last, restriction, now);
        while (!blocked && next.isPresent() && next.get().isDue(now) && created.size() < MAX_RUNS_PER_PASS) {
            DagRunInfo info = next.get();
            create(dag, info).ifPresent(created::add);
            last = info.dataInterval();
            next = timetable.nextRun(last, restriction, now);
            blocked = continuous;
        }
        store.updateNextDagrun(dag.dagId(), next);
        Instant fireAt;
        if (next.isEmpty()) {
            fireAt = null;
        } else if (continuous) {
            fireAt = now.plus(CONTINUOUS_POLL);
        } else {
            fireAt = next.get().isDue(now) ? now : next.get().runAfter(); // capped pass: continue at once
        }
        return new Outcome(List.copyOf(created), next, fireAt);
    }

    /** Recomputes next_dagrun columns without creating runs (after a load; a reload clears them). */
    public Optional<DagRunInfo> refreshNextDagrun(Dag dag) {
        DataInterval last = store.lastScheduledInterval(dag.dagId()).orElse(null);
        Optional<DagRunInfo> next = nextAfterLoad(dag, last, () -> dags.find(dag.dagId()));
        store.updateNextDagrun(dag.dagId(), next);
        return next;
    }

    /**
     * {@link #refreshNextDagrun} for a whole load, in a few queries, writing only the rows whose next_dagrun
     * changed.
     *
     * @return the {@link #isSchedulable schedulable} DAGs by id, each with its next run as written
     */
    public Map<String, Optional<DagRunInfo>> refreshNextDagruns(Collection<Dag> loaded) {
        Map<String, DataInterval> lastIntervals = store.lastScheduledIntervals();
        Map<String, DagRecord> records = new HashMap<>();
        dags.list(Integer.MAX_VALUE, 0).forEach(record -> records.put(record.dagId(), record));
        Map<String, Optional<DagRunInfo>> changed = new HashMap<>();
        Map<String, Optional<DagRunInfo>> schedulable = new HashMap<>();
        for (Dag dag : loaded) {
            Optional<DagRecord> record = Optional.ofNullable(records.get(dag.dagId()));
            if (record.isEmpty()) {
                continue; // not stored (yet): nothing to write, nothing to schedule
            }
            Optional<DagRunInfo> next = nextAfterLoad(dag, lastIntervals.get(dag.dagId()), () -> record);
            if (!next.equals(stored(record.get()))) {
                changed.put(dag.dagId(), next);
            }
            if (isSchedulable(dag, record)) {
                schedulable.put(dag.dagId(), next);
            }
        }
        store.updateNextDagruns(changed);
        return schedulable;
    }

    /**
     * When a new trigger should first fire for a DAG whose next run is {@code next}: at once when that run is due
     * (or unknown, or the DAG is continuous), else when it becomes due, which is when {@link #schedule} would set
     * the trigger after looking at once (so a thousand new DAGs do not all fire at start only to be put off).
     */
    public Instant firstLook(Dag dag, Optional<DagRunInfo> next) {
        Instant now = RunClock.truncate(clock.instant());
        if (next.isEmpty() || next.get().isDue(now) || Timetables.of(dag) instanceof ContinuousTimetable) {
            return now;
        }
        return next.get().runAfter();
    }

    private Optional<DagRunInfo> nextAfterLoad(Dag dag, DataInterval last, Supplier<Optional<DagRecord>> record) {
        Optional<DagRunInfo> stored = last == null && dag.startDate() == null
                ? record.get().flatMap(DagRunScheduler::stored) : Optional.empty();
        return stored.isPresent() ? stored : Timetables.nextRun(dag, last, clock.instant());
    }

    /**
     * The DAG row's next_dagrun, the bookmark of a DAG that has neither a scheduled run nor a start_date:
     * recomputing from now would move its first run ahead forever (Airflow keeps it in the row too).
     */
    private static Optional<DagRunInfo> stored(DagRecord record) {
        if (record.nextDagrun() == null || record.nextDagrunCreateAfter() == null) {
            return Optional.empty();
        }
        Instant start = record.nextDagrunDataIntervalStart() != null ? record.nextDagrunDataIntervalStart()
                : record.nextDagrun();
        Instant end = record.nextDagrunDataIntervalEnd() != null ? record.nextDagrunDataIntervalEnd() : start;
        return Optional.of(new DagRunInfo(record.nextDagrun(), new DataInterval(start, end),
                record.nextDagrunCreateAfter()));
    }

    private Optional<DagRun> create(Dag dag, DagRunInfo info) {
        String runId = RunIds.generate(RunType.SCHEDULED, info.logicalDate(), info.logicalDate());
        TriggerRequest request = new TriggerRequest(runId, RunType.SCHEDULED, info.logicalDate(),
                info.dataInterval().start(), info.dataInterval().end(), info.runAfter(), Map.of(), null, "timetable");
        try {
            return Optional.of(sink.create(dag, request));
        } catch (DuplicateRunException e) {
            // another scheduler, a manual run or a backfill already has this logical date: nothing to do
            return Optional.empty();
        }
    }
}
