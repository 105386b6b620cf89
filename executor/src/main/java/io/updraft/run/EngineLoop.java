package io.updraft.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's loop, all of its I/O: one thread takes the events that arrived together, reads what the decision
 * step needs of runs it does not hold, lets the {@link Decider} decide, writes the decided changes in one
 * transaction, and only then carries out the effects: starts and kills tries, runs callbacks, answers waiters. A lone
 * event is handled at once, so a downstream task starts about a millisecond after its upstream ends.
 */
final class EngineLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);
    private static final String SHUTDOWN = "Shutdown: the engine stopped";

    private final RunStore store;
    private final RunLeases leases;
    private final InboxReader inbox;
    private final EngineSettings settings;
    private final Clock clock;
    private final Decider decider;
    private final RunLoader loader;
    private final TryLauncher launcher;
    private final Triggerer triggerer;
    private final TryStarter tries;
    private final EventQueue events = new EventQueue();
    /** Tries started by this engine whose end is not committed yet. */
    private final Map<TaskInstanceKey, TaskAttempt> attempts = new ConcurrentHashMap<>();
    private final Map<Long, List<CompletableFuture<DagRun>>> waiters = new ConcurrentHashMap<>();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    /** Closing: no try starts any more; the running ones are killed and their end is recorded. */
    private volatile boolean draining;
    private Instant nextPoll = Instant.MIN;
    private final java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private volatile EngineStats stats = EngineStats.NONE;
    private Instant nextStats = Instant.MIN;
    /** Runs dropped after a failed step that could not be read again yet. */
    private final Set<DagRun> toReload = new java.util.LinkedHashSet<>();

    EngineLoop(RunStore store, TaskRunner runner, EngineSettings settings, Clock clock, RunLeases leases,
               EngineInbox inbox) {
        this.store = store;
        this.leases = leases;
        this.inbox = new InboxReader(inbox, leases, clock);
        this.settings = settings;
        this.clock = clock;
        this.decider = new Decider(settings);
        this.loader = new RunLoader(store, settings);
        this.launcher = new TryLauncher(runner, settings.parallelism(), clock);
        this.triggerer = new Triggerer(events::add, clock);
        this.tries = new TryStarter(settings, clock, decider, launcher, events::add, attempts);
        this.thread = TryLauncher.named("updraft-engine").newThread(this::loop);
    }

    void start() {
        thread.start();
    }

    void submit(EngineEvent event) {
        events.add(event);
    }

    Triggerer triggerer() {
        return triggerer;
    }

    RunLoader loader() {
        return loader;
    }

    void addListener(RunListener listener) {
        listeners.add(listener);
    }

    void tell(List<DagRun> runs, List<TaskInstance> instances) {
        for (RunListener listener : listeners) {
            try {
                listener.committed(runs, instances);
            } catch (RuntimeException e) {
                LOG.warn("A run listener failed; the engine goes on", e);
            }
        }
    }

    /** Completes when the run reaches success or failed (at once if it already has). */
    CompletableFuture<DagRun> completion(DagRun run) {
        CompletableFuture<DagRun> future = new CompletableFuture<>();
        waiters.computeIfAbsent(run.id(), id -> new CopyOnWriteArrayList<>()).add(future);
        // the run may have finished before the waiter was registered
        store.findRun(run.dagId(), run.runId()).filter(r -> r.state().isFinished()).ifPresent(future::complete);
        return future;
    }

    /** Drains (see {@link RunEngine#close}), then stops the thread and the tries' threads. */
    void close(Duration drainTimeout) {
        draining = true;
        events.add(new EngineEvent.Wake());
        try {
            thread.join(drainTimeout.toMillis());
            stopping = true;
            events.add(new EngineEvent.Wake());
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.values().forEach(attempt -> attempt.killSwitch().kill(SHUTDOWN));
        launcher.close();
        triggerer.close();
        inbox.close();
    }

    private void loop() {
        List<EngineEvent> batch = new ArrayList<>();
        while (!stopping) {
            try {
                events.take(batch, waitMillis(), draining);
                if (stopping) {
                    break;
                }
                step(batch);
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
        Instant retry = draining ? null : decider.nextRetryAt();
        if (retry != null && retry.isBefore(next)) {
            next = retry;
        }
        return Math.max(0, Duration.between(now, next).toMillis());
    }

    private void step(List<EngineEvent> batch) {
        boolean drain = draining;
        if (drain) {
            attempts.values().forEach(attempt -> attempt.killSwitch().kill(SHUTDOWN));
        } else {
            if (!toReload.isEmpty()) {
                reloadRuns();
            }
            pollQueuedRuns(batch);
            inbox.poll(batch);
        }
        Decider.Decision decision = decider.decide(batch, loadNamedRuns(batch), clock.instant(), drain);
        RunChanges changes = decision.changes();
        steps.incrementAndGet();
        if (!changes.isEmpty()) {
            if (leases.shared()) {
                changes.checkingPools(); // other engines take slots of the same pools
            }
            store.apply(leases.fences() ? changes.fencedBy(leases.owner()) : changes);
            commits.incrementAndGet();
            if (!listeners.isEmpty()) {
                List<TaskInstance> instances = new ArrayList<>(changes.inserts());
                changes.updates().forEach(update -> instances.add(update.taskInstance()));
                tell(changes.runUpdates().stream().map(RunChanges.RunUpdate::run).toList(), instances);
            }
        }
        for (EngineEvent event : batch) {
            if (event instanceof EngineEvent.TryFinished finished) {
                attempts.remove(finished.attempt().taskInstance().key(), finished.attempt());
                if (finished.stored() != null) {
                    finished.stored().complete(null);
                }
            }
        }
        decision.effects().forEach(this::carryOut);
        publishStats();
    }

    /** The figures for monitoring, refreshed at most once a second (counting the waiting costs their number). */
    private void publishStats() {
        Instant now = clock.instant();
        if (now.isBefore(nextStats)) {
            return;
        }
        nextStats = now.plusSeconds(1);
        stats = new EngineStats(steps.get(), commits.get(), tries.started(), attempts.size(),
                decider.waitingByQueue(), decider.poolUsage());
    }

    /** The counters as of now; the queue and pool figures as of the latest refresh. */
    EngineStats stats() {
        EngineStats refreshed = stats;
        return new EngineStats(steps.get(), commits.get(), tries.started(), attempts.size(),
                refreshed.scheduledByQueue(), refreshed.poolSlotsUsed());
    }

    /** Told, for each try started, how long it took from scheduled to handed to a worker (in nanoseconds). */
    void onDispatch(java.util.function.LongConsumer latency) {
        tries.onDispatch(latency);
    }

    /** The runs that operations of the batch name and the engine does not hold, read from the store. */
    private Map<RunChanges.RunKey, StoredRun> loadNamedRuns(List<EngineEvent> batch) {
        Map<RunChanges.RunKey, StoredRun> loaded = new HashMap<>();
        for (EngineEvent event : batch) {
            if (event instanceof EngineEvent.Operation operation && !decider.holds(operation.dagId(), operation.runId())) {
                RunChanges.RunKey key = new RunChanges.RunKey(operation.dagId(), operation.runId());
                if (!loaded.containsKey(key)) {
                    try {
                        loader.find(operation.dagId(), operation.runId()).ifPresent(run -> {
                            if (!leases.claimRun(run.run())) {
                                throw new IllegalStateException("DAG run " + run.run().runId()
                                        + " is driven by another engine node; try again");
                            }
                            loaded.put(key, run);
                        });
                    } catch (IllegalStateException e) {
                        operation.result().completeExceptionally(e);
                    }
                }
            }
        }
        return loaded;
    }

    /**
     * Scheduler mode: runs this engine should take on join the batch: queued runs other processes created, and the
     * runs of a dead node (see {@link RunLeases}).
     */
    private void pollQueuedRuns(List<EngineEvent> batch) {
        Instant now = clock.instant();
        if (!settings.adoptQueuedRuns() || now.isBefore(nextPoll)) {
            return;
        }
        nextPoll = now.plus(settings.pollInterval());
        for (DagRun run : leases.claimRuns(1000)) {
            if (!decider.holds(run.id())) {
                settings.dags().apply(run.dagId()).ifPresentOrElse(
                        dag -> batch.add(new EngineEvent.RunCreated(loader.stored(dag, run))),
                        () -> LOG.warn("Queued run {} of DAG {} waits: the DAG is not loaded", run.runId(),
                                run.dagId()));
            }
        }
    }

    private void carryOut(Effect effect) {
        try {
            if (effect instanceof Effect.StartTry start) {
                tries.start(start.run(), start.key());
            } else if (effect instanceof Effect.AdoptTry adopt) {
                tries.adopt(adopt.run(), adopt.key());
            } else if (effect instanceof Effect.KillTry kill) {
                Optional.ofNullable(attempts.get(kill.key()))
                        .ifPresent(attempt -> attempt.killSwitch().kill(kill.why()));
            } else if (effect instanceof Effect.Defer defer) {
                triggerer.hold(defer.runId(), defer.taskWait());
            } else if (effect instanceof Effect.TaskCallbacks callbacks) {
                launcher.taskCallbacks(callbacks.attempt(), callbacks.kind(), callbacks.error());
            } else if (effect instanceof Effect.DagCallbacks callbacks) {
                launcher.dagCallbacks(callbacks.dag(), callbacks.run(), callbacks.kind(), callbacks.reason());
            } else if (effect instanceof Effect.RunFinished finished) {
                completeWaiters(finished.run());
            } else if (effect instanceof Effect.Answer answer) {
                answer.result().complete(answer.value());
            }
        } catch (RuntimeException e) {
            LOG.error("Engine effect {} failed", effect.getClass().getSimpleName(), e);
        }
    }

    private void completeWaiters(DagRun finished) {
        List<CompletableFuture<DagRun>> futures = waiters.remove(finished.id());
        if (futures != null) {
            futures.forEach(f -> f.complete(finished));
        }
    }

    /**
     * After a failed step the in-memory copy may be ahead of the store: rebuild every run from the store, and
     * report again the tries that ended in the failed step.
     */
    private void reloadAfterFailure(List<EngineEvent> batch) {
        toReload.addAll(decider.heldRuns());
        decider.forgetRuns(attempts.values().stream().filter(a -> !a.killSwitch().isKilled())
                .map(a -> a.taskInstance().key()).toList());
        reloadRuns();
        batch.stream().filter(e -> e instanceof EngineEvent.TryFinished).forEach(events::add);
        // an operation of the failed step changed nothing: say so at once rather than leave its caller waiting
        batch.stream().filter(e -> e instanceof EngineEvent.Operation).map(e -> ((EngineEvent.Operation) e).result())
                .forEach(result -> result.completeExceptionally(new StaleStateException(
                        "the change was not applied: the run changed meanwhile; try again")));
    }

    /**
     * Reads the runs to rebuild from the store and takes them on again; those that cannot be read now (the
     * database is restarting) are tried again at the next step.
     */
    private void reloadRuns() {
        for (DagRun run : List.copyOf(toReload)) {
            try {
                store.findRun(run.dagId(), run.runId())
                        .filter(fresh -> !fresh.state().isFinished() && leases.owns(fresh))
                        .ifPresent(fresh -> settings.dags().apply(fresh.dagId()).ifPresent(dag ->
                                events.add(new EngineEvent.RunCreated(loader.stored(dag, fresh)))));
                toReload.remove(run);
            } catch (RuntimeException e) {
                LOG.warn("Run {} of {} cannot be read again yet: {}", run.runId(), run.dagId(), e.getMessage());
                return;
            }
        }
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
}
