package io.updraft.schedule;

import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunIds;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.RunType;
import io.updraft.run.TriggerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Backfills (Airflow 3, AIP-78): a queued {@code backfill} run for every logical date of the DAG's timetable in
 * [from_date, to_date], honouring reprocess_behavior against the runs that already exist. Runs are created as the
 * backfill's max_active_runs allows: {@link #create} blocks while that many backfill runs of the DAG are queued
 * or running (an engine, `updraft scheduler` or the service, runs them). Thread-safe.
 *
 * <p>Differences from Airflow, for want of a backfill table: the limit counts every backfill run of the DAG (not
 * one backfill's), and a reprocessed date's old run is deleted and created afresh as a backfill run instead of
 * being cleared in place (its task history goes with it).
 */
public final class Backfills {

    /** What happens to one logical date. */
    public enum Action {
        CREATE,
        /** An existing finished run is replaced (reprocess_behavior failed/completed). */
        REPROCESS,
        /** An existing run is kept (reprocess_behavior none, or failed and the run succeeded). */
        SKIP_EXISTS,
        /** The existing run is queued or running: never touched. */
        SKIP_IN_FLIGHT
    }

    /** One logical date of a backfill; {@code existingRunId} null when the date has no run. */
    public record PlannedRun(DagRunInfo info, Action action, String existingRunId) {
    }

    /** @param created the runs created, in creation order */
    public record Result(List<PlannedRun> plan, List<DagRun> created) {
    }

    /** Dates per backfill at most, so a typo in a date cannot create millions of runs. */
    static final int MAX_RUNS = 10_000;
    private static final EnumSet<RunType> BACKFILL = EnumSet.of(RunType.BACKFILL);

    private final RunStore runs;
    private final ScheduleStore store;
    private final RunSink sink;
    private final Duration pollInterval;

    public Backfills(RunStore runs, ScheduleStore store, RunSink sink, Duration pollInterval) {
        this.runs = runs;
        this.store = store;
        this.sink = sink;
        this.pollInterval = pollInterval;
    }

    /** The dry run: what {@link #create} would do, changing nothing. */
    public List<PlannedRun> plan(Dag dag, BackfillRequest request) {
        return plan(dag, request, Instant.now());
    }

    /**
     * The dry run at {@code now}: as Airflow's {@code _get_info_list}, only dates whose data interval has ended
     * before now are backfilled (a range reaching into the future stops at the last ended interval).
     */
    List<PlannedRun> plan(Dag dag, BackfillRequest request, Instant now) {
        Timetable timetable = Timetables.of(dag);
        if (!timetable.periodic()) {
            throw new IllegalArgumentException("DAG " + dag.dagId() + " has schedule " + timetable.summary()
                    + "; only cron and timedelta schedules can be backfilled");
        }
        Restriction range = new Restriction(request.fromDate(), request.toDate(), true);
        Map<Instant, ScheduleStore.ExistingRun> existing =
                store.runsBetween(dag.dagId(), request.fromDate(), request.toDate());
        List<PlannedRun> plan = new ArrayList<>();
        DataInterval last = null;
        for (Optional<DagRunInfo> next = timetable.nextRun(null, range, request.fromDate()); next.isPresent();
             next = timetable.nextRun(last, range, request.fromDate())) {
            if (plan.size() == MAX_RUNS) {
                throw new IllegalArgumentException("backfill of " + dag.dagId() + " would create more than "
                        + MAX_RUNS + " runs; choose a shorter range");
            }
            DagRunInfo info = next.get();
            if (!info.dataInterval().end().isBefore(now)) {
                break; // intervals only grow: every later one ends after now too
            }
            ScheduleStore.ExistingRun run = existing.get(info.logicalDate());
            plan.add(new PlannedRun(info, action(run, request.reprocessBehavior()), run == null ? null : run.runId()));
            last = info.dataInterval();
        }
        if (request.runBackwards()) {
            Collections.reverse(plan);
        }
        return plan;
    }

    /**
     * Decides, before each run of a backfill is created, whether it may be: a paused backfill waits, a cancelled
     * one stops (Airflow 3's pause and cancel of a backfill).
     */
    public interface Control {

        /** Always goes on (the CLI's backfill, which nobody can pause). */
        Control ALWAYS = create -> {
            create.run();
            return true;
        };

        /**
         * Runs {@code create} (which creates one run and reports it to {@link #created}) once the backfill may go
         * on, waiting while it is paused; nothing may pause or cancel the backfill while {@code create} runs.
         *
         * @return false, without running {@code create}, when the backfill was cancelled
         */
        boolean whenRunning(Runnable create) throws InterruptedException;

        /** A run of the backfill was created; {@code sortOrdinal} counts from 1. */
        default void created(DagRun run, int sortOrdinal) {
        }

        /**
         * Logical dates the backfill created runs for before (a backfill resumed after a restart): never created
         * again, whatever their runs' states, and counted before the new runs' sort ordinals.
         */
        default Set<Instant> createdBefore() {
            return Set.of();
        }
    }

    /** {@link #create(Dag, BackfillRequest, Control)} that nobody can pause or cancel. */
    public Result create(Dag dag, BackfillRequest request) throws InterruptedException {
        return create(dag, request, Control.ALWAYS);
    }

    /**
     * Creates the backfill's runs, waiting for capacity under max_active_runs between them, and asking
     * {@code control} before each one.
     *
     * @throws InterruptedException when interrupted while waiting; the runs created so far stay
     */
    public Result create(Dag dag, BackfillRequest request, Control control) throws InterruptedException {
        List<PlannedRun> plan = plan(dag, request);
        Set<Instant> createdBefore = control.createdBefore();
        List<DagRun> created = new ArrayList<>();
        for (PlannedRun planned : plan) {
            if (planned.action() != Action.CREATE && planned.action() != Action.REPROCESS
                    || createdBefore.contains(planned.info().logicalDate())) {
                continue;
            }
            while (store.activeRuns(dag.dagId(), BACKFILL) >= request.maxActiveRuns()) {
                Thread.sleep(pollInterval.toMillis());
            }
            boolean goesOn = control.whenRunning(() -> {
                if (planned.action() == Action.REPROCESS) {
                    sink.deleteFinishedRun(dag.dagId(), planned.existingRunId());
                }
                createRun(dag, planned.info(), request).ifPresent(run -> {
                    created.add(run);
                    control.created(run, createdBefore.size() + created.size());
                });
            });
            if (!goesOn) {
                break;
            }
        }
        return new Result(plan, List.copyOf(created));
    }

    private Optional<DagRun> createRun(Dag dag, DagRunInfo info, BackfillRequest request) {
        String runId = RunIds.generate(RunType.BACKFILL, info.logicalDate(), info.logicalDate());
        TriggerRequest trigger = new TriggerRequest(runId, RunType.BACKFILL, info.logicalDate(),
                info.dataInterval().start(), info.dataInterval().end(), info.runAfter(), request.dagRunConf(), null,
                "backfill");
        try {
            return Optional.of(sink.create(dag, trigger));
        } catch (DuplicateRunException e) {
            return Optional.empty(); // a run for the date appeared since planning (the scheduler): keep it
        }
    }

    /** Airflow's {@code _get_dag_run_no_create_reason}. */
    private static Action action(ScheduleStore.ExistingRun run, ReprocessBehavior behavior) {
        if (run == null) {
            return Action.CREATE;
        }
        if (run.state() != RunState.SUCCESS && run.state() != RunState.FAILED) {
            return Action.SKIP_IN_FLIGHT;
        }
        return switch (behavior) {
            case NONE -> Action.SKIP_EXISTS;
            case FAILED -> run.state() == RunState.FAILED ? Action.REPROCESS : Action.SKIP_EXISTS;
            case COMPLETED -> Action.REPROCESS;
        };
    }
}
