package io.updraft.schedule;

import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunStore;
import io.updraft.run.RunType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives stored backfills (Airflow 3's backfill objects, kept alive by its scheduler) to completion in the
 * background: each one's runs are created as its max_active_runs allows, none while it is paused, none after it is
 * cancelled; {@code completed_at} is set once every run exists and none is queued or running (Airflow's
 * {@code _mark_backfills_complete}). The backfill table is the memory: {@link #resumeUnfinished} continues an
 * uncompleted backfill after a restart without creating a run again for a date it already created. Thread-safe.
 */
public final class BackfillDriver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillDriver.class);

    private final Backfills backfills;
    private final BackfillStore store;
    private final RunStore runs;
    private final Function<String, Optional<Dag>> dags;
    private final Predicate<String> drivesDag;
    private final Duration pollInterval;
    private final Clock clock;
    // each backfill waits on its own thread: for its max_active_runs, while it is paused, for its last runs
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "updraft-backfills");
        thread.setDaemon(true);
        return thread;
    });
    /** Backfills this process drives now. */
    private final Set<Long> driven = ConcurrentHashMap.newKeySet();
    /** Held while a backfill creates a run and while it is paused or cancelled, so that the two never cross. */
    private final Map<Long, Object> monitors = new ConcurrentHashMap<>();

    /**
     * @param pollInterval how often a paused backfill looks whether it was unpaused, and a backfill whose runs all
     *     exist whether they have finished
     */
    public BackfillDriver(Backfills backfills, BackfillStore store, RunStore runs,
                          Function<String, Optional<Dag>> dags, Duration pollInterval, Clock clock) {
        this(backfills, store, runs, dags, dagId -> true, pollInterval, clock);
    }

    /**
     * @param drivesDag whether this node drives the DAG's backfills: with several engine nodes on one database, the
     *     node holding the DAG's lease does (see {@code io.updraft.run.RunLeases}), so a backfill is driven once
     */
    public BackfillDriver(Backfills backfills, BackfillStore store, RunStore runs,
                          Function<String, Optional<Dag>> dags, Predicate<String> drivesDag, Duration pollInterval,
                          Clock clock) {
        this.drivesDag = drivesDag;
        this.backfills = backfills;
        this.store = store;
        this.runs = runs;
        this.dags = dags;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /** Stores a new backfill and starts creating its runs. */
    public BackfillRecord start(Dag dag, BackfillRequest request) {
        Instant now = clock.instant();
        BackfillRecord record = store.create(new BackfillRecord(0, dag.dagId(), request.fromDate(),
                request.toDate(), request.runBackwards(), request.dagRunConf(), request.reprocessBehavior().value(),
                request.maxActiveRuns(), false, now, null, now));
        if (drivesDag.test(dag.dagId())) {
            drive(dag, record, request, false);
        } // else the node holding the DAG's lease resumes it (resumeUnfinished)
        return record;
    }

    /**
     * Continues every uncompleted backfill that this process does not drive yet (after a restart); a paused one
     * waits until unpaused. A backfill whose DAG is not loaded waits for a later call.
     */
    public void resumeUnfinished() {
        for (BackfillRecord record : store.listUncompleted()) {
            if (driven.contains(record.id()) || !drivesDag.test(record.dagId())) {
                continue;
            }
            Optional<Dag> dag = dags.apply(record.dagId());
            if (dag.isEmpty()) {
                LOG.warn("Backfill {} of DAG {} cannot resume: the DAG is not loaded", record.id(), record.dagId());
                continue;
            }
            LOG.info("Resuming backfill {} of DAG {}", record.id(), record.dagId());
            drive(dag.get(), record, request(record), true);
        }
    }

    /** Runs a change of the backfill's pause or cancel state while no run of it is being created. */
    public <T> T exclusively(long backfillId, Supplier<T> change) {
        synchronized (monitor(backfillId)) {
            return change.get();
        }
    }

    private void drive(Dag dag, BackfillRecord record, BackfillRequest request, boolean resumed) {
        long id = record.id();
        if (!driven.add(id)) {
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    Set<Instant> createdBefore = resumed ? createdBefore(dag, record, request) : Set.of();
                    backfills.create(dag, request, control(id, dag.dagId(), createdBefore));
                    awaitRunsFinished(id);
                    store.markCompleted(id, clock.instant());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopping; the backfill resumes on the next start
                } catch (RuntimeException e) {
                    LOG.error("Backfill {} of {} stopped", id, dag.dagId(), e);
                } finally {
                    driven.remove(id);
                }
            });
        } catch (RejectedExecutionException closing) {
            driven.remove(id);
        }
    }

    /**
     * The dates the backfill created runs for before it stopped. A run created just before the process stopped,
     * but not yet recorded as the backfill's, is recognised by being a backfill run queued since the backfill was
     * created, and recorded now, so that it is neither created nor reprocessed again.
     */
    private Set<Instant> createdBefore(Dag dag, BackfillRecord record, BackfillRequest request) {
        Set<Instant> dates = new LinkedHashSet<>(store.logicalDates(record.id()));
        for (Backfills.PlannedRun planned : backfills.plan(dag, request)) {
            Instant date = planned.info().logicalDate();
            if (planned.existingRunId() == null || dates.contains(date)) {
                continue;
            }
            Optional<DagRun> unrecorded = runs.findRun(dag.dagId(), planned.existingRunId())
                    .filter(run -> run.runType() == RunType.BACKFILL && run.queuedAt() != null
                            && !run.queuedAt().isBefore(record.createdAt()));
            if (unrecorded.isPresent()) {
                store.addRun(record.id(), dag.dagId(), unrecorded.get().runId(), date, dates.size() + 1);
                dates.add(date);
            }
        }
        return Set.copyOf(dates);
    }

    /**
     * Lets the backfill create a run only while it is neither paused nor completed (cancelled); says so in the log
     * when a run it could create waits for an unpause, and when it stops for a cancel.
     */
    private Backfills.Control control(long backfillId, String dagId, Set<Instant> createdBefore) {
        return new Backfills.Control() {
            @Override
            public boolean whenRunning(Runnable create) throws InterruptedException {
                boolean waiting = false;
                while (true) {
                    synchronized (monitor(backfillId)) {
                        BackfillRecord now = store.find(backfillId).orElse(null);
                        if (now == null || now.completedAt() != null) {
                            LOG.info("Backfill {} of {} was cancelled: it creates no more runs", backfillId, dagId);
                            return false;
                        }
                        if (!now.isPaused()) {
                            create.run();
                            return true;
                        }
                    }
                    if (!waiting) {
                        LOG.info("Backfill {} of {} is paused: its next run waits until it is unpaused", backfillId,
                                dagId);
                        waiting = true;
                    }
                    Thread.sleep(pollInterval.toMillis());
                }
            }

            @Override
            public void created(DagRun run, int sortOrdinal) {
                store.addRun(backfillId, run.dagId(), run.runId(), run.logicalDate(), sortOrdinal);
            }

            @Override
            public Set<Instant> createdBefore() {
                return createdBefore;
            }
        };
    }

    /** Until none of the backfill's runs is queued or running, or it was cancelled (completed) meanwhile. */
    private void awaitRunsFinished(long backfillId) throws InterruptedException {
        while (store.unfinishedRuns(backfillId) > 0) {
            if (store.find(backfillId).map(b -> b.completedAt() != null).orElse(true)) {
                return;
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private Object monitor(long backfillId) {
        return monitors.computeIfAbsent(backfillId, id -> new Object());
    }

    private static BackfillRequest request(BackfillRecord record) {
        return new BackfillRequest(record.dagId(), record.fromDate(), record.toDate(), record.runBackwards(),
                record.dagRunConf(), ReprocessBehavior.of(record.reprocessBehavior()), record.maxActiveRuns());
    }

    /** Stops creating runs; what is left is resumed by the next start. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
