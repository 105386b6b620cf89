package io.updraft.run;

import io.updraft.dag.Dag;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs DAG runs with Airflow's semantics. Every change of run, task-instance and XCom state goes through it: a
 * change asked for here becomes an event; the {@link EngineLoop} hands the events that arrived together to the
 * {@link Decider}, commits what it decided in one transaction, and only then starts tries, fires callbacks and
 * answers. Thread-safe: the public methods may be called from any thread.
 */
public final class RunEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    /** How long closing waits for killed tries to end and be stored. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long a change asked of another node may take. */
    static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(55);

    private final RunStore store;
    private final EngineSettings settings;
    private final RunCreator creator;
    private final RunLeases leases;
    private final EngineInbox inbox;
    private final ExecutorService remoteCalls = Executors.newCachedThreadPool(TryLauncher.named("updraft-remote"));
    private final EngineLoop loop;

    /** An engine alone on its store (see {@link RunLeases#alone}). */
    public RunEngine(RunStore store, TaskRunner runner, EngineSettings settings, Clock clock) {
        this(store, runner, settings, clock, RunLeases.alone(store, settings.jobId()), null);
    }

    /**
     * @param leases which runs this engine may drive when other engine nodes share the store
     * @param inbox how nodes ask each other for changes of the runs they drive; null for an engine alone
     */
    public RunEngine(RunStore store, TaskRunner runner, EngineSettings settings, Clock clock, RunLeases leases,
                     EngineInbox inbox) {
        this.store = store;
        this.settings = settings;
        this.leases = leases;
        this.inbox = inbox;
        this.creator = new RunCreator(store, clock);
        this.loop = new EngineLoop(store, runner, settings, clock, leases, inbox);
    }

    /** Adds a listener told about every committed state change (see {@link RunListener}). */
    public void addListener(RunListener listener) {
        loop.addListener(listener);
    }

    /** Sets how deferred tasks' triggers are checked (file, HTTP, DAG state); by default only timers fire. */
    public RunEngine triggers(TriggerPoller poller) {
        loop.triggerer().poller(poller);
        return this;
    }

    /** Deferred tasks whose trigger has not fired yet. */
    public int heldTriggers() {
        return loop.triggerer().size();
    }

    /** Starts the engine thread. */
    public RunEngine start() {
        loop.start();
        return this;
    }

    /**
     * Creates a queued run of the DAG with all its task instances, stored before this returns; the engine starts
     * it when the DAG's max_active_runs allows.
     *
     * @throws DuplicateRunException when the run id or logical date is taken
     */
    public DagRun trigger(Dag dag, TriggerRequest request) {
        // a DAG leased by another node: the run waits queued until that node takes it on
        boolean drivenHere = drivesDag(dag.dagId());
        RunCreator.CreatedRun created = creator.createWithInstances(dag, request, settings.operatorName(),
                drivenHere ? leases.owner() : null);
        if (drivenHere) {
            loop.submit(new EngineEvent.RunCreated(loop.loader().created(dag, created.run(),
                    created.taskInstances())));
        }
        loop.tell(List.of(created.run()), created.taskInstances());
        return created.run();
    }

    /**
     * Clears task instances of a run so they run again (Airflow's clear); a finished run is queued again.
     *
     * @return the cleared instances; fails with {@link java.util.NoSuchElementException} for an unknown run
     */
    public CompletableFuture<List<TaskInstance>> clearTaskInstances(String dagId, String runId,
                                                                    Collection<TaskInstanceKey> keys) {
        return request(new RunRequest.Clear(dagId, runId, List.copyOf(keys)));
    }

    /** Sets task instances to success, failed or skipped by hand (Airflow's mark success / mark failed). */
    public CompletableFuture<List<TaskInstance>> setTaskInstanceState(String dagId, String runId,
                                                                      Collection<TaskInstanceKey> keys,
                                                                      TaskState state) {
        return request(new RunRequest.SetStates(dagId, runId, List.copyOf(keys), state));
    }

    /** Sets a run to success, failed or queued by hand, with Airflow's effect on its task instances. */
    public CompletableFuture<DagRun> setRunState(String dagId, String runId, RunState state) {
        return request(new RunRequest.SetRunState(dagId, runId, state));
    }

    /** Sets a run's note. */
    public CompletableFuture<DagRun> setRunNote(String dagId, String runId, String note) {
        return request(new RunRequest.RunNote(dagId, runId, note));
    }

    /** Sets a task instance's note; fails with {@link java.util.NoSuchElementException} when it does not exist. */
    public CompletableFuture<TaskInstance> setTaskInstanceNote(TaskInstanceKey key, String note) {
        return request(new RunRequest.TaskNote(key, note));
    }

    /** Stores an XCom of a task instance of the run (created or replaced). */
    public CompletableFuture<XCom> putXCom(XCom xcom) {
        return request(new RunRequest.PutXCom(xcom));
    }

    /**
     * Fails a run that is still queued and leaves its task instances as they are (Airflow's cancel of a backfill);
     * a run that has started, or finished, is left alone.
     *
     * @return the run as it is afterwards
     */
    public CompletableFuture<DagRun> failIfQueued(String dagId, String runId) {
        return request(new RunRequest.FailIfQueued(dagId, runId));
    }

    /**
     * Deletes one task instance of a run with its XComs and tried history (Airflow's delete of a task instance);
     * a running try is killed first and its outcome is dropped.
     *
     * @return false when the run has no such task instance
     */
    public CompletableFuture<Boolean> deleteTaskInstance(TaskInstanceKey key) {
        return request(new RunRequest.DeleteTaskInstance(key));
    }

    /** Deletes a run with its task instances, tries and XComs; its running tries are killed. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Boolean> deleteRun(String dagId, String runId) {
        Long target = leases.route(dagId, runId);
        if (target != null) {
            return remote(target, new RunRequest.DeleteRun(dagId, runId));
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        loop.submit(new EngineEvent.DeleteRun(dagId, runId, result));
        return (CompletableFuture<Boolean>) (CompletableFuture<?>) result;
    }

    /** Whether changes of the run are made by this engine (else by the engine of the node or process driving it). */
    public boolean drivesRunHere(String dagId, String runId) {
        return leases.route(dagId, runId) == null;
    }

    /**
     * Whether this engine drives the DAG's scheduler work (its runs and backfills): always when it is alone, else
     * while it holds the DAG's lease, which it claims when the DAG's holder is dead or there is none.
     */
    public boolean drivesDag(String dagId) {
        return !settings.adoptQueuedRuns() || leases.claimDag(dagId);
    }

    /** The engine's figures for monitoring. */
    public EngineStats stats() {
        return loop.stats();
    }

    /** Told, for each try started, how long it took from scheduled to handed to a worker, in nanoseconds. */
    public void onDispatch(java.util.function.LongConsumer latency) {
        loop.onDispatch(latency);
    }

    /** Completes when the run reaches success or failed (at once if it already has). */
    public CompletableFuture<DagRun> completion(DagRun run) {
        return loop.completion(run);
    }

    /**
     * Continues the unfinished runs found in the store (after a restart): instances held by a dead engine
     * process count as a failed try and are retried or failed by their retries; everything else resumes.
     */
    public void recover() {
        if (leases.shared()) {
            return; // nodes sharing the store take unfinished runs over by claiming them (see RunLeases)
        }
        List<DagRun> unfinished = store.findRuns(null, EnumSet.of(RunState.QUEUED, RunState.RUNNING),
                Integer.MAX_VALUE, 0);
        for (DagRun run : unfinished) {
            Optional<Dag> dag = settings.dags().apply(run.dagId());
            if (dag.isEmpty()) {
                LOG.warn("Run {} of DAG {} cannot continue: the DAG is not loaded", run.runId(), run.dagId());
                continue;
            }
            loop.submit(new EngineEvent.RunCreated(loop.loader().stored(dag.get(), run)));
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
        remoteCalls.shutdownNow();
        loop.close(DRAIN_TIMEOUT);
        try {
            leases.releaseAll();
        } catch (RuntimeException e) {
            LOG.warn("Could not release this node's DAG leases; other nodes take them once its job has ended", e);
        }
    }

    /** Applies the request here, or asks the node that drives the run to apply it. */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> request(RunRequest request) {
        Long target = leases.route(request.dagId(), request.runId());
        if (target != null) {
            return remote(target, request);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        loop.submit(new EngineEvent.Operation(request.dagId(), request.runId(), request::apply, result));
        return (CompletableFuture<T>) (CompletableFuture<?>) result;
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> remote(long target, RunRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long id = inbox.send(target, RunRequest.encode(request));
                return (T) request.answer(store, inbox.await(id, REMOTE_TIMEOUT));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new java.util.concurrent.CompletionException(new IllegalStateException(e.getMessage(), e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            } catch (IllegalStateException e) {
                throw new java.util.concurrent.CompletionException(RemoteFailures.rebuild(e.getMessage()));
            }
        }, remoteCalls);
    }
}
