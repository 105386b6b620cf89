package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.dag.XComArg;
import io.updraft.json.Json;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs DAG runs with Airflow's semantics. One engine thread owns every state decision: it takes events (a run was
 * created, a try ended, a timer fired), applies them to its in-memory copy of the unfinished runs, writes all the
 * resulting changes to the store in one transaction, and only then starts tries, fires callbacks and completes
 * waiters. Under load, events that arrived together share one transaction; a lone event is handled at once, so a
 * downstream task starts about a millisecond after its upstream ends.
 *
 * <p>Tries run on a pool of {@code parallelism} worker threads through the {@link TaskRunner}. Thread-safe: the
 * public methods may be called from any thread.
 */
public final class RunEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    private static final Set<TaskState> HELD = EnumSet.of(TaskState.RUNNING, TaskState.QUEUED);
    /** How long closing waits for killed tries to end and be stored. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final String SHUTDOWN = "Shutdown: the engine stopped";

    private sealed interface Event permits RunCreated, TryFinished, Wake, Operation {
    }

    /** @param polled found by polling the store (not created by this engine), so possibly stale by now */
    private record RunCreated(Dag dag, DagRun run, List<TaskInstance> taskInstances, boolean polled)
            implements Event {
        RunCreated(Dag dag, DagRun run, List<TaskInstance> taskInstances) {
            this(dag, run, taskInstances, false);
        }
    }

    private record TryFinished(long runId, TaskInstanceKey key, TaskOutcome outcome, Instant endedAt)
            implements Event {
    }

    private record Wake() implements Event {
    }

    /** A change asked for from outside (clear, mark state, delete), applied on the engine thread. */
    private record Operation(String dagId, String runId, OperationBody body, CompletableFuture<Object> result)
            implements Event {
    }

    @FunctionalInterface
    private interface OperationBody {
        Object apply(ActiveRun run, Instant now, RunChanges changes, AfterCommit after);
    }

    private record RetryDue(Instant at, long runId, TaskInstanceKey key) {
    }

    /** What to do once the batch's changes are stored. */
    private final class AfterCommit {
        final List<Admission.TaskInstanceRef> starts = new ArrayList<>();
        final List<Runnable> actions = new ArrayList<>();
    }

    private final RunStore store;
    private final TaskRunner runner;
    private final EngineSettings settings;
    private final Clock clock;
    private final RunEvaluator evaluator;
    private final Admission admission;
    private final RunCreator creator;
    private final OperationsContext operationsContext = new OperationsContext();
    private final RunOperations operations;

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final RunIndex active = new RunIndex();
    /** Runs with tasks to evaluate; only these are visited in a step. */
    private final Set<ActiveRun> dirtyRuns = new java.util.LinkedHashSet<>();
    /** Running runs of paused DAGs, and runs waiting on a previous run: looked at again on each tick. */
    private final Set<ActiveRun> parkedRuns = new java.util.LinkedHashSet<>();
    private final Map<TaskInstanceKey, TaskAttempt> attempts = new ConcurrentHashMap<>();
    private final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PriorityQueue<RetryDue> retries = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
    private final Map<Long, List<CompletableFuture<DagRun>>> waiters = new ConcurrentHashMap<>();
    /** Runs finished in the step being processed: not committed yet, so their state is read from here. */
    private final Map<Long, ActiveRun> finishedThisStep = new java.util.HashMap<>();

    private final ExecutorService workers;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService timers;
    private final Thread engineThread;
    private volatile boolean stopping;
    /** Closing: no try starts any more; the running ones are killed and their end is recorded. */
    private volatile boolean draining;
    private Instant nextPoll = Instant.MIN;
    private Instant nextTick = Instant.MIN;
    private long lastSeenRunId;

    public RunEngine(RunStore store, TaskRunner runner, EngineSettings settings, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
        this.evaluator = new RunEvaluator(new EvaluationContext());
        this.admission = new Admission(settings.parallelism(), settings.poolSlots());
        this.creator = new RunCreator(store, clock);
        this.operations = new RunOperations(operationsContext, evaluator);
        this.workers = Executors.newFixedThreadPool(settings.parallelism(), named("updraft-worker"));
        this.callbacks = Executors.newSingleThreadExecutor(named("updraft-callbacks"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("updraft-timer"));
        this.engineThread = named("updraft-engine").newThread(this::loop);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Adds a listener told about every committed state change (see {@link RunListener}). */
    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    /** Starts the engine thread. */
    public RunEngine start() {
        engineThread.start();
        return this;
    }

    /**
     * Creates a queued run of the DAG with all its task instances, stored before this returns; the engine starts
     * it when the DAG's max_active_runs allows.
     *
     * @throws DuplicateRunException when the run id or logical date is taken
     */
    public DagRun trigger(Dag dag, TriggerRequest request) {
        RunCreator.CreatedRun created = creator.createWithInstances(dag, request, settings.operatorName());
        events.add(new RunCreated(dag, created.run(), created.taskInstances()));
        tell(List.of(created.run()), created.taskInstances());
        return created.run();
    }

    /**
     * Clears task instances of a run so they run again (Airflow's clear); a finished run is queued again.
     *
     * @return the cleared instances; fails with {@link java.util.NoSuchElementException} for an unknown run
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<TaskInstance>> clearTaskInstances(String dagId, String runId,
                                                                    Collection<TaskInstanceKey> keys) {
        return (CompletableFuture<List<TaskInstance>>) (CompletableFuture<?>) submit(dagId, runId,
                (ar, now, changes, after) -> operations.clear(ar, keys, now, changes));
    }

    /** Sets task instances to success, failed or skipped by hand (Airflow's mark success / mark failed). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<TaskInstance>> setTaskInstanceState(String dagId, String runId,
                                                                      Collection<TaskInstanceKey> keys,
                                                                      TaskState state) {
        return (CompletableFuture<List<TaskInstance>>) (CompletableFuture<?>) submit(dagId, runId,
                (ar, now, changes, after) -> operations.setState(ar, keys, state, now, changes));
    }

    /** Sets a run to success, failed or queued by hand, with Airflow's effect on its task instances. */
    public CompletableFuture<DagRun> setRunState(String dagId, String runId, RunState state) {
        return submit(dagId, runId, (ar, now, changes, after) -> operations.setRunState(ar, state, now, changes))
                .thenApply(DagRun.class::cast);
    }

    /** Sets a run's note. */
    public CompletableFuture<DagRun> setRunNote(String dagId, String runId, String note) {
        return submit(dagId, runId, (ar, now, changes, after) -> {
            DagRun noted = ar.run().withNote(note, now);
            changes.updateRun(ar.run().state(), noted);
            ar.setRun(noted);
            return noted;
        }).thenApply(DagRun.class::cast);
    }

    /**
     * Fails a run that is still queued and leaves its task instances as they are (Airflow's cancel of a backfill);
     * a run that has started, or finished, is left alone.
     *
     * @return the run as it is afterwards
     */
    public CompletableFuture<DagRun> failIfQueued(String dagId, String runId) {
        return submit(dagId, runId, (ar, now, changes, after) -> {
            DagRun before = ar.run();
            if (before.state() != RunState.QUEUED) {
                return before;
            }
            DagRun failed = before.withState(RunState.FAILED, before.startDate(), now, now);
            changes.updateRun(RunState.QUEUED, failed);
            ar.setRun(failed);
            return failed;
        }).thenApply(DagRun.class::cast);
    }

    /**
     * Deletes one task instance of a run with its XComs and tried history (Airflow's delete of a task instance);
     * a running try is killed first and its outcome is dropped. Trigger rules count the upstream tasks the DAG
     * defines, so the deleted task is never done: its downstream does not run, and a run left with nothing
     * runnable fails as deadlocked, as in Airflow.
     *
     * @return false when the run has no such task instance
     */
    public CompletableFuture<Boolean> deleteTaskInstance(TaskInstanceKey key) {
        return submit(key.dagId(), key.runId(), (ar, now, changes, after) -> {
            TaskInstance ti = ar.get(key);
            if (ti == null) {
                return false;
            }
            if (ti.state() == TaskState.RUNNING || ti.state() == TaskState.QUEUED) {
                operationsContext.abandonTry(ar, ti, "the task instance was deleted");
            }
            ar.remove(key); // a slot it waited for in admission is skipped once the instance is gone
            changes.clearXComs(key).delete(key);
            after.actions.add(() -> store.deleteTries(key));
            ar.markCandidates(ar.dag().downstream(key.taskId()));
            return true;
        }).thenApply(Boolean.class::cast);
    }

    /** Deletes a run with its task instances and XComs; its running tries are killed. */
    public CompletableFuture<Boolean> deleteRun(String dagId, String runId) {
        return submit(dagId, runId, (ar, now, changes, after) -> {
            for (TaskInstance ti : List.copyOf(ar.taskInstances())) {
                if (ti.state() == TaskState.RUNNING) {
                    operationsContext.abandonTry(ar, ti, "the run was deleted");
                }
            }
            active.remove(ar);
            ar.markDeleted();
            after.actions.add(() -> store.deleteRun(dagId, runId));
            return true;
        }).thenApply(Boolean.class::cast);
    }

    private CompletableFuture<Object> submit(String dagId, String runId, OperationBody body) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        events.add(new Operation(dagId, runId, body, result));
        return result;
    }

    private void tell(List<DagRun> runs, List<TaskInstance> instances) {
        for (RunListener listener : listeners) {
            try {
                listener.committed(runs, instances);
            } catch (RuntimeException e) {
                LOG.warn("A run listener failed; the engine goes on", e);
            }
        }
    }

    /** Completes when the run reaches success or failed (at once if it already has). */
    public CompletableFuture<DagRun> completion(DagRun run) {
        CompletableFuture<DagRun> future = new CompletableFuture<>();
        waiters.computeIfAbsent(run.id(), id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(future);
        // the run may have finished before the waiter was registered
        store.findRun(run.dagId(), run.runId()).filter(r -> r.state().isFinished()).ifPresent(future::complete);
        return future;
    }

    /**
     * Continues the unfinished runs found in the store (after a restart): instances held by a dead engine
     * process count as a failed try and are retried or failed by their retries; everything else resumes.
     */
    public void recover() {
        List<DagRun> unfinished = store.findRuns(null, EnumSet.of(RunState.QUEUED, RunState.RUNNING),
                Integer.MAX_VALUE, 0);
        for (DagRun run : unfinished) {
            Optional<Dag> dag = settings.dags().apply(run.dagId());
            if (dag.isEmpty()) {
                LOG.warn("Run {} of DAG {} cannot continue: the DAG is not loaded", run.runId(), run.dagId());
                continue;
            }
            events.add(new RunCreated(dag.get(), run, store.taskInstances(run.dagId(), run.runId())));
        }
    }

    /**
     * Stops the engine, handing its running tries back as Airflow does on SIGTERM: no try starts any more, the
     * running ones are killed, and their end is stored like any failed try (up_for_retry while retries remain, else
     * failed, with its effect on downstream tasks and the run) before the engine thread stops. A try still running
     * after {@link #DRAIN_TIMEOUT} stays running in the store, and the next engine recovers it from the ended job.
     */
    @Override
    public void close() {
        draining = true;
        events.add(new Wake());
        try {
            engineThread.join(DRAIN_TIMEOUT.toMillis());
            stopping = true;
            events.add(new Wake());
            engineThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.values().forEach(attempt -> attempt.killSwitch().kill(SHUTDOWN));
        workers.shutdownNow();
        timers.shutdownNow();
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- engine thread

    private void loop() {
        List<Event> batch = new ArrayList<>();
        while (!stopping) {
            try {
                Event first = events.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    events.drainTo(batch);
                }
                if (stopping) {
                    break;
                }
                process(batch);
                if (draining && attempts.isEmpty()) {
                    return; // every try's end is stored
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (jvmShuttingDown()) {
                    // the store may already be closed by its own shutdown hook; what was not committed is
                    // recovered by the next engine from the store
                    LOG.info("Engine stopped by the JVM shutting down");
                    return;
                }
                LOG.error("Engine step failed; the affected runs are reloaded from the store", e);
                reloadAfterFailure(batch);
                sleepQuietly(200);
            }
            batch.clear();
        }
    }

    private long waitMillis() {
        Instant now = clock.instant();
        Instant next = now.plusSeconds(1);
        RetryDue firstRetry = draining ? null : retries.peek();
        if (firstRetry != null && firstRetry.at().isBefore(next)) {
            next = firstRetry.at();
        }
        return Math.max(0, Duration.between(now, next).toMillis());
    }

    private void process(List<Event> batch) {
        finishedThisStep.clear();
        Instant now = clock.instant();
        RunChanges changes = new RunChanges();
        AfterCommit after = new AfterCommit();
        boolean drain = draining; // a stopping engine records how tries end and starts nothing: no retry, run or try
        if (drain) {
            attempts.values().forEach(attempt -> attempt.killSwitch().kill(SHUTDOWN));
        }
        for (Event event : batch) {
            if (event instanceof RunCreated created) {
                adoptCreated(created, now, changes);
            } else if (event instanceof TryFinished finished) {
                finishTry(finished, changes, after);
            } else if (event instanceof Operation operation) {
                operate(operation, now, changes, after);
            }
        }
        if (!drain) {
            pollQueuedRuns(now);
        }
        if (!now.isBefore(nextTick)) {
            nextTick = now.plusSeconds(1);
            dirtyRuns.addAll(parkedRuns); // a DAG may have been unpaused, a previous run may have finished
            parkedRuns.clear();
        }
        if (!drain) {
            scheduleDueRetries(now, changes);
        }
        timeOutRuns(now, changes, after);
        boolean runFinished;
        do {
            if (!drain) {
                startQueuedRuns(now, changes);
            }
            runFinished = evaluateRuns(now, changes, after);
        } while (runFinished); // a finished run may let a queued run of its DAG start
        for (Admission.TaskInstanceRef ref : drain ? List.<Admission.TaskInstanceRef>of() : admission.admit()) {
            startTry(ref, now, changes, after);
        }
        if (!changes.isEmpty()) {
            store.apply(changes);
            if (!listeners.isEmpty()) {
                List<TaskInstance> instances = new ArrayList<>(changes.inserts());
                changes.updates().forEach(update -> instances.add(update.taskInstance()));
                tell(changes.runUpdates().stream().map(RunChanges.RunUpdate::run).toList(), instances);
            }
        }
        after.starts.forEach(this::dispatch);
        after.actions.forEach(Runnable::run);
    }

    private void operate(Operation operation, Instant now, RunChanges changes, AfterCommit after) {
        try {
            ActiveRun ar = activeOrStored(operation.dagId(), operation.runId());
            Object value = operation.body().apply(ar, now, changes, after);
            active.stateChanged(ar);
            if (!ar.isDeleted() && ar.isUnfinished() && !active.contains(ar)) {
                track(ar);
            } else if (!ar.isUnfinished() && active.contains(ar)) {
                active.remove(ar);
                DagRun finished = ar.run();
                after.actions.add(() -> completeWaiters(finished));
            }
            after.actions.add(() -> operation.result().complete(value));
        } catch (RuntimeException e) {
            operation.result().completeExceptionally(e);
        }
    }

    /** The run as this engine holds it, or as stored (a finished run, or one another process created). */
    private ActiveRun activeOrStored(String dagId, String runId) {
        ActiveRun held = active.get(dagId, runId);
        if (held != null) {
            return held;
        }
        DagRun run = store.findRun(dagId, runId).orElseThrow(() -> new java.util.NoSuchElementException(
                "DagRun with DAG ID: '" + dagId + "' and DagRun ID: '" + runId + "' not found"));
        Dag dag = settings.dags().apply(dagId).orElseThrow(() -> new IllegalStateException(
                "DAG '" + dagId + "' is not loaded, so its run " + runId + " cannot be changed"));
        return new ActiveRun(dag, run, store.taskInstances(dagId, runId), dirtyRuns);
    }

    /** Evaluates the runs with something to evaluate; true when one of them finished. */
    private boolean evaluateRuns(Instant now, RunChanges changes, AfterCommit after) {
        boolean finished = false;
        while (!dirtyRuns.isEmpty()) {
            List<ActiveRun> batch = List.copyOf(dirtyRuns);
            dirtyRuns.clear();
            for (ActiveRun ar : batch) {
                if (!active.contains(ar) || ar.run().state() != RunState.RUNNING) {
                    continue; // a queued run is looked at when it starts
                }
                if (settings.isPaused().test(ar.dag().dagId())) {
                    parkedRuns.add(ar); // keeps its candidates until the DAG is unpaused
                    continue;
                }
                if (ar.waitsOnPastRuns()) {
                    ar.markCandidates(ar.dag().tasks().keySet());
                }
                evaluator.evaluate(ar, now, changes);
                dirtyRuns.remove(ar); // settling its own instances marked it again
                if (ar.waitsOnPastRuns()) {
                    parkedRuns.add(ar);
                }
                RunEvaluator.RunVerdict verdict = evaluator.verdict(ar);
                if (verdict != null) {
                    finishRun(ar, verdict, now, changes, after);
                    finished = true;
                }
            }
        }
        return finished;
    }

    /**
     * A polled run was read before this step's own changes were committed: an operation may have finished or
     * deleted it since (and so removed it from the index), so it is read again before it is taken on.
     */
    private void adoptCreated(RunCreated created, Instant now, RunChanges changes) {
        DagRun run = created.run();
        if (active.get(run.id()) != null) {
            return;
        }
        if (!created.polled()) {
            adopt(created.dag(), run, created.taskInstances(), now, changes);
            return;
        }
        store.findRun(run.dagId(), run.runId()).filter(fresh -> fresh.state() == RunState.QUEUED).ifPresent(
                fresh -> adopt(created.dag(), fresh, store.taskInstances(fresh.dagId(), fresh.runId()), now, changes));
    }

    private void adopt(Dag dag, DagRun run, List<TaskInstance> instances, Instant now, RunChanges changes) {
        if (active.get(run.id()) != null) {
            return;
        }
        ActiveRun ar = track(dag, run, instances);
        for (TaskInstance ti : instances) {
            switch (ti.state()) {
                case UP_FOR_RETRY -> retries.add(new RetryDue(nextRetry(ar, ti), run.id(), ti.key()));
                case RESTARTING -> retries.add(new RetryDue(now, run.id(), ti.key()));
                case RUNNING, QUEUED -> {
                    if (!attempts.containsKey(ti.key()) && heldByDeadProcess(ti)) {
                        failOrphanedTry(ar, ti, now, changes);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Puts a run in the in-memory copy: scheduled instances wait for a slot, held ones occupy theirs. */
    private ActiveRun track(Dag dag, DagRun run, List<TaskInstance> instances) {
        return track(new ActiveRun(dag, run, instances, dirtyRuns));
    }

    private ActiveRun track(ActiveRun ar) {
        active.add(ar);
        for (TaskInstance ti : ar.taskInstances()) {
            if (ti.state() == TaskState.SCHEDULED) {
                admission.add(ar, ti);
            } else if (HELD.contains(ti.state()) && attempts.containsKey(ti.key())) {
                admission.occupy(ar, ti, 1);
            }
        }
        return ar;
    }

    private boolean heldByDeadProcess(TaskInstance ti) {
        if (ti.jobId() == null) {
            return true;
        }
        return !ti.jobId().equals(settings.jobId()) && settings.isJobDead().test(ti.jobId());
    }

    /** A try whose engine process died counts as failed: retried when tries remain (Airflow's zombie handling). */
    private void failOrphanedTry(ActiveRun ar, TaskInstance ti, Instant now, RunChanges changes) {
        TaskState state = RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
        TaskInstance ended = ti.toBuilder().state(state).endDate(now).updatedAt(now).build();
        ar.put(ended);
        changes.update(ti.state(), ended).recordTry(ended);
        LOG.warn("Task instance {} try {} was held by engine process (job {}) that is gone: now {}",
                ti.key(), ti.tryNumber(), ti.jobId(), state.value());
        if (state == TaskState.UP_FOR_RETRY) {
            retries.add(new RetryDue(nextRetry(ar, ended), ar.run().id(), ti.key()));
        }
        ar.markCandidate(ti.taskId());
        ar.markCandidates(ar.dag().downstream(ti.taskId()));
    }

    private Instant nextRetry(ActiveRun ar, TaskInstance failedTry) {
        return RetryPolicy.nextRetryAt(ar.task(failedTry.key()), ar.dag().dagId(), ar.run().logicalDate(), failedTry);
    }

    private void pollQueuedRuns(Instant now) {
        if (!settings.adoptQueuedRuns() || now.isBefore(nextPoll)) {
            return;
        }
        nextPoll = now.plus(settings.pollInterval());
        for (DagRun run : store.findRunsAfter(lastSeenRunId, EnumSet.of(RunState.QUEUED), 1000)) {
            lastSeenRunId = Math.max(lastSeenRunId, run.id());
            if (active.get(run.id()) == null) {
                settings.dags().apply(run.dagId()).ifPresentOrElse(
                        dag -> events.add(new RunCreated(dag, run, store.taskInstances(run.dagId(), run.runId()),
                                true)),
                        () -> LOG.warn("Queued run {} of DAG {} waits: the DAG is not loaded", run.runId(),
                                run.dagId()));
            }
        }
    }

    /** Queued runs start in run_after order while their DAG has fewer than max_active_runs running. */
    private void startQueuedRuns(Instant now, RunChanges changes) {
        for (Map.Entry<String, java.util.NavigableSet<ActiveRun>> entry : List.copyOf(active.queuedByDag().entrySet())) {
            String dagId = entry.getKey();
            if (settings.isPaused().test(dagId)) {
                continue;
            }
            for (ActiveRun ar : List.copyOf(entry.getValue())) {
                if (active.running(dagId) >= ar.dag().maxActiveRuns() || ar.run().runAfter().isAfter(now)) {
                    break; // later runs wait too: they come after this one
                }
                DagRun started = ar.run().withState(RunState.RUNNING,
                        ar.run().startDate() == null ? now : ar.run().startDate(), null, now);
                changes.updateRun(RunState.QUEUED, started);
                ar.setRun(started);
                active.stateChanged(ar);
                ar.markCandidates(ar.dag().tasks().keySet());
                dirtyRuns.add(ar);
            }
        }
    }

    private void scheduleDueRetries(Instant now, RunChanges changes) {
        while (!retries.isEmpty() && !retries.peek().at().isAfter(now)) {
            RetryDue due = retries.poll();
            ActiveRun ar = active.get(due.runId());
            TaskInstance ti = ar == null ? null : ar.get(due.key());
            if (ti == null || (ti.state() != TaskState.UP_FOR_RETRY && ti.state() != TaskState.RESTARTING)) {
                continue;
            }
            TaskInstance scheduled = ti.toBuilder().state(TaskState.SCHEDULED).tryNumber(ti.tryNumber() + 1)
                    .scheduledDttm(now).updatedAt(now).build();
            ar.put(scheduled);
            changes.update(ti.state(), scheduled);
            admission.add(ar, scheduled);
        }
    }

    /** dagrun_timeout: the run fails and its unfinished instances are skipped, as in Airflow. */
    private void timeOutRuns(Instant now, RunChanges changes, AfterCommit after) {
        for (ActiveRun ar : List.copyOf(active.runningWithTimeout())) {
            Duration timeout = ar.dag().dagrunTimeout();
            DagRun run = ar.run();
            if (timeout == null || run.state() != RunState.RUNNING || !run.startDate().plus(timeout).isBefore(now)) {
                continue;
            }
            for (TaskInstance ti : List.copyOf(ar.taskInstances())) {
                if (ti.state().isFinished()) {
                    continue;
                }
                if (HELD.contains(ti.state())) {
                    admission.occupy(ar, ti, -1);
                    TaskAttempt attempt = attempts.remove(ti.key());
                    if (attempt != null) {
                        after.actions.add(() -> attempt.killSwitch().kill("Timeout: the DAG run exceeded its "
                                + "dagrun_timeout of " + timeout));
                    }
                }
                evaluator.settle(ar, ti, TaskState.SKIPPED, now, changes);
            }
            finishRun(ar, new RunEvaluator.RunVerdict(RunState.FAILED, "timed_out"), now, changes, after);
        }
    }

    private void finishRun(ActiveRun ar, RunEvaluator.RunVerdict verdict, Instant now, RunChanges changes,
                           AfterCommit after) {
        DagRun finished = ar.run().withState(verdict.state(), ar.run().startDate(), now, now);
        changes.updateRun(ar.run().state(), finished);
        active.remove(ar);
        ar.setRun(finished);
        parkedRuns.remove(ar);
        finishedThisStep.put(finished.id(), ar);
        CallbackKind kind = verdict.state() == RunState.SUCCESS ? CallbackKind.ON_SUCCESS : CallbackKind.ON_FAILURE;
        Dag dag = ar.dag();
        after.actions.add(() -> {
            if (!dag.callbacks(kind).isEmpty()) {
                callbacks.execute(() -> runner.runDagCallbacks(dag, finished, kind, verdict.reason()));
            }
            completeWaiters(finished);
        });
        LOG.info("Run {} of {} finished: {} ({})", finished.runId(), finished.dagId(), verdict.state().value(),
                verdict.reason());
    }

    private void completeWaiters(DagRun finished) {
        List<CompletableFuture<DagRun>> futures = waiters.remove(finished.id());
        if (futures != null) {
            futures.forEach(f -> f.complete(finished));
        }
    }

    private void startTry(Admission.TaskInstanceRef ref, Instant now, RunChanges changes, AfterCommit after) {
        ActiveRun ar = ref.run();
        TaskInstance scheduled = ar.get(ref.key());
        TaskInstance running = scheduled.toBuilder().state(TaskState.RUNNING).queuedDttm(now).startDate(now)
                .endDate(null).hostname(settings.hostname()).unixname(settings.unixname()).pid(settings.pid())
                .jobId(settings.jobId()).updatedAt(now).build();
        ar.put(running);
        changes.update(TaskState.SCHEDULED, running).clearXComs(running.key());
        after.starts.add(ref);
    }

    private void dispatch(Admission.TaskInstanceRef ref) {
        ActiveRun ar = ref.run();
        TaskInstance ti = ar.get(ref.key());
        Task task = ar.task(ti.key());
        Map<String, Object> mapped = ti.mapIndex() >= 0 ? expansion(ar, task).get(ti.mapIndex()) : Map.of();
        TaskAttempt attempt = new TaskAttempt(ar.dag(), task, ar.run(), ti, mapped,
                LogPaths.attemptLog(settings.logsFolder(), ti.key(), ti.tryNumber()), new KillSwitch());
        attempts.put(ti.key(), attempt);
        if (task.executionTimeout() != null) {
            timers.schedule(() -> attempt.killSwitch().kill("Timeout: the task exceeded its execution_timeout of "
                    + task.executionTimeout()), task.executionTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        long runId = ar.run().id();
        workers.execute(() -> events.add(new TryFinished(runId, ti.key(), execute(attempt), clock.instant())));
    }

    private List<Map<String, Object>> expansion(ActiveRun ar, Task task) {
        return ar.expansions().computeIfAbsent(task.taskId(), id -> MappedArguments.combinations(task,
                reference -> pullXCom(ar, reference)));
    }

    /** Runs on a worker thread. */
    private TaskOutcome execute(TaskAttempt attempt) {
        try {
            Files.createDirectories(attempt.logFile().getParent());
            if (!attempt.task().callbacks(CallbackKind.ON_EXECUTE).isEmpty()) {
                runner.runTaskCallbacks(attempt, CallbackKind.ON_EXECUTE, null);
            }
            return runner.run(attempt);
        } catch (Throwable e) {
            LOG.error("Task runner failed on {}", attempt.taskInstance().key(), e);
            return TaskOutcome.failed("The task runner failed: " + e);
        }
    }

    private void finishTry(TryFinished finished, RunChanges changes, AfterCommit after) {
        TaskAttempt attempt = attempts.remove(finished.key());
        ActiveRun ar = active.get(finished.runId());
        TaskInstance ti = ar == null ? null : ar.get(finished.key());
        if (ti == null || ti.state() != TaskState.RUNNING) {
            return; // settled meanwhile (run timed out); the outcome no longer counts
        }
        admission.occupy(ar, ti, -1);
        Task task = ar.task(ti.key());
        TaskOutcome outcome = finished.outcome();
        List<XCom> xcoms = new ArrayList<>();
        String error = outcome.error();
        TaskState state = switch (outcome.result()) {
            case SUCCESS -> TaskState.SUCCESS;
            case SKIPPED -> TaskState.SKIPPED;
            case FAILED -> RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
            case FAILED_NO_RETRY -> TaskState.FAILED;
        };
        if (state == TaskState.SUCCESS) {
            try {
                outcome.xcoms().forEach((key, value) -> xcoms.add(new XCom(ti.dagId(), ti.runId(), ti.taskId(),
                        ti.mapIndex(), key, Json.write(value), finished.endedAt())));
            } catch (IllegalArgumentException e) {
                error = "The task's XCom value is " + e.getMessage();
                state = RetryPolicy.canRetry(ti) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
                xcoms.clear();
            }
        }
        TaskInstance ended = ti.toBuilder().state(state).endDate(finished.endedAt())
                .renderedFields(outcome.renderedFields()).updatedAt(finished.endedAt()).build();
        ar.put(ended);
        changes.update(TaskState.RUNNING, ended).recordTry(ended);
        xcoms.forEach(changes::putXCom);
        if (state == TaskState.SUCCESS) {
            outcome.xcoms().forEach((key, value) -> ar.rememberXCom(ti.taskId(), ti.mapIndex(), key, value));
        }
        if (state == TaskState.SUCCESS) {
            skipDownstream(ar, task, outcome, finished.endedAt(), changes);
        } else if (state == TaskState.UP_FOR_RETRY) {
            retries.add(new RetryDue(nextRetry(ar, ended), ar.run().id(), ended.key()));
        }
        // the task itself too, so the run's state is decided even when it has no downstream
        ar.markCandidate(task.taskId());
        ar.markCandidates(ar.dag().downstream(task.taskId()));
        wakeRunsDependingOnPast(ar, task);
        CallbackKind kind = RunEvaluator.callbackFor(state);
        if (attempt != null && kind != null && !task.callbacks(kind).isEmpty()) {
            String reason = error;
            after.actions.add(() -> callbacks.execute(() -> runner.runTaskCallbacks(attempt, kind, reason)));
        }
    }

    /** Branching and short-circuit: skip the downstream tasks the try chose not to follow. */
    private void skipDownstream(ActiveRun ar, Task task, TaskOutcome outcome, Instant now, RunChanges changes) {
        Dag dag = ar.dag();
        Collection<String> toSkip = new ArrayList<>();
        if (outcome.followOnly() != null) {
            Set<String> followed = new HashSet<>(outcome.followOnly());
            outcome.followOnly().forEach(id -> followed.addAll(dag.tasks().containsKey(id)
                    ? dag.closure(id, true) : Set.of()));
            dag.downstream(task.taskId()).stream().filter(id -> !followed.contains(id)).forEach(toSkip::add);
        }
        switch (outcome.skip()) {
            case DIRECT -> toSkip.addAll(dag.downstream(task.taskId()));
            case ALL -> toSkip.addAll(dag.closure(task.taskId(), true));
            default -> {
            }
        }
        for (String taskId : toSkip) {
            for (TaskInstance downstream : ar.instancesOf(taskId)) {
                if (downstream.state() == TaskState.NONE) {
                    evaluator.settle(ar, downstream, TaskState.SKIPPED, now, changes);
                }
            }
        }
    }

    private void wakeRunsDependingOnPast(ActiveRun finishedIn, Task task) {
        for (ActiveRun other : List.copyOf(parkedRuns)) {
            if (other != finishedIn && other.waitsOnPastRuns() && other.dag().dagId().equals(finishedIn.dag().dagId())) {
                other.markCandidate(task.taskId());
                other.dag().downstream(task.taskId()).forEach(other::markCandidate);
            }
        }
    }

    /** An XCom of the run: from this engine's memory when the try ended here, else from the store. */
    private Object pullXCom(ActiveRun ar, XComArg reference) {
        Optional<Object> remembered = ar.rememberedXCom(reference.taskId(), reference.key());
        if (remembered.isPresent()) {
            return remembered.get();
        }
        return XComs.pull(store, ar.run().dagId(), ar.run().runId(), reference.taskId(), reference.key(), null);
    }

    /**
     * After a failed step the in-memory copy may be ahead of the store: rebuild every run from the store, and
     * report again the tries that ended in the failed step.
     */
    private void reloadAfterFailure(List<Event> batch) {
        List<ActiveRun> previous = List.copyOf(active.all());
        active.clear();
        dirtyRuns.clear();
        parkedRuns.clear();
        admission.clear();
        for (ActiveRun ar : previous) {
            store.findRun(ar.run().dagId(), ar.run().runId()).filter(run -> !run.state().isFinished())
                    .ifPresent(run -> track(ar.dag(), run, store.taskInstances(run.dagId(), run.runId())));
        }
        batch.stream().filter(e -> e instanceof TryFinished).forEach(events::add);
        // an operation of the failed step changed nothing: say so at once rather than leave its caller waiting
        batch.stream().filter(e -> e instanceof Operation).map(e -> ((Operation) e).result())
                .forEach(result -> result.completeExceptionally(new StaleStateException(
                        "the change was not applied: the run changed meanwhile; try again")));
    }

    private static boolean jvmShuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What hand-made changes need of the engine. */
    private final class OperationsContext implements RunOperations.Engine {
        @Override
        public void abandonTry(ActiveRun ar, TaskInstance ti, String why) {
            TaskAttempt attempt = attempts.remove(ti.key());
            if (attempt != null) {
                admission.occupy(ar, ti, -1);
                attempt.killSwitch().kill("Killed: " + why);
            }
        }

        @Override
        public void retryAt(ActiveRun ar, TaskInstance ti, Instant at) {
            retries.add(new RetryDue(at, ar.run().id(), ti.key()));
        }
    }

    /** The evaluator's view of the engine. */
    private final class EvaluationContext implements RunEvaluator.Context {
        @Override
        public void scheduled(ActiveRun run, TaskInstance ti) {
            admission.add(run, ti);
        }

        @Override
        public boolean skipsExecution(Task task) {
            return settings.skipsExecution().test(task);
        }

        @Override
        public Object pullXCom(ActiveRun run, XComArg reference) {
            return RunEngine.this.pullXCom(run, reference);
        }

        @Override
        public boolean pastDependsMet(ActiveRun ar, Task task, TaskInstance ti) {
            DagRun run = ar.run();
            Instant reference = run.logicalDate() != null ? run.logicalDate() : run.runAfter();
            Optional<DagRun> previous = store.previousRun(run.dagId(), reference, ar.dag().catchup());
            if (previous.isEmpty()) {
                return true;
            }
            ActiveRun previousActive = active.get(previous.get().id()) != null ? active.get(previous.get().id())
                    : finishedThisStep.get(previous.get().id());
            List<TaskInstance> previousInstances = previousActive != null
                    ? List.copyOf(previousActive.taskInstances())
                    : store.taskInstances(run.dagId(), previous.get().runId());
            Set<String> mustBeDone = new HashSet<>(Set.of(task.taskId()));
            if (task.waitForDownstream()) {
                mustBeDone.addAll(ar.dag().downstream(task.taskId()));
            }
            for (TaskInstance before : previousInstances) {
                boolean sameInstance = before.taskId().equals(task.taskId()) && before.mapIndex() == ti.mapIndex();
                boolean downstream = !before.taskId().equals(task.taskId()) && mustBeDone.contains(before.taskId());
                if ((sameInstance || downstream)
                        && before.state() != TaskState.SUCCESS && before.state() != TaskState.SKIPPED) {
                    return false;
                }
            }
            return true;
        }
    }
}
