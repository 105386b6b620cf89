package io.updraft.dispatch;

import io.updraft.json.Json;
import io.updraft.run.DagRun;
import io.updraft.run.RemoteTries;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of remote workers: the tries this node's engine queued for workers, the workers' long polls
 * waiting on this node, and what the workers report, wherever they reported it. Thread-safe.
 *
 * <p>A try offered here is stored first (offers are written in batches, off the engine's thread), so a worker
 * polling any node can take it; a worker polling this node is handed it at once. Starts and outcomes reported to
 * this node reach the engine at once; those reported to another node are read from the store every {@link #SYNC}.
 * A worker silent for longer than the zombie threshold has its tries failed, as Airflow's zombie detection does, and
 * retried per the task's retries.
 */
public final class WorkerQueues implements RemoteTries, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerQueues.class);
    static final Duration SYNC = Duration.ofMillis(100);
    static final Duration WAIT_EXPLAINED = Duration.ofSeconds(5);
    /** How long a worker's report waits for the engine to store a try's end. */
    static final Duration STORE_WAIT = Duration.ofSeconds(60);

    /** What a worker gets: a try's id and what it needs to run it. */
    public record Claim(String tryId, String workload) {
    }

    /** A try this node offered, and what was told of it. */
    private static final class Offered {
        final TaskAttempt attempt;
        final Listener listener;
        final Instant offeredAt;
        /** The worker that took it, once known here. */
        volatile String worker;
        boolean startReported;
        boolean waitExplained;

        Offered(TaskAttempt attempt, Listener listener, Instant offeredAt) {
            this.attempt = attempt;
            this.listener = listener;
            this.offeredAt = offeredAt;
        }
    }

    private final RemoteTryStore store;
    private final Set<String> localQueues;
    private final Long jobId;
    private final Clock clock;
    private final Duration zombieThreshold;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Map<String, Offered> offered = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RemoteTryStore.Offer> toStore = new ConcurrentLinkedQueue<>();
    private final EndedTries endedTries;
    private final Function<DagRun, Map<String, Object>> triggeringAssetEvents;
    private final LongPolls polls = new LongPolls();
    /** All store work runs here, one thing at a time: offers, claims, reports, zombie checks. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "updraft-worker-queues");
        thread.setDaemon(true);
        return thread;
    });
    private Instant nextZombieCheck = Instant.MIN;

    /**
     * @param localQueues the queues this node runs in-process ({@code UPDRAFT_LOCAL_QUEUES})
     * @param jobId this node's job id, written on the tries it offers
     * @param zombieThreshold how long a worker may stay silent before its tries are failed
     * @param triggeringAssetEvents what an asset-triggered run's tries see as their consumed events
     */
    public WorkerQueues(RemoteTryStore store, Set<String> localQueues, Long jobId, Clock clock,
            Duration zombieThreshold, Function<DagRun, Map<String, Object>> triggeringAssetEvents) {
        this.store = store;
        this.triggeringAssetEvents = triggeringAssetEvents;
        this.endedTries = new EndedTries(store);
        this.localQueues = Set.copyOf(localQueues);
        this.jobId = jobId;
        this.clock = clock;
        this.zombieThreshold = zombieThreshold;
        timer.scheduleWithFixedDelay(this::sync, SYNC.toMillis(), SYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Duration zombieThreshold() {
        return zombieThreshold;
    }

    @Override
    public boolean runsLocally(String queue) {
        return localQueues.contains(queue);
    }

    @Override
    public void offer(TaskAttempt attempt, Listener listener) {
        String id = Workload.tryId(attempt.taskInstance());
        offered.put(id, new Offered(attempt, listener, clock.instant()));
        toStore.add(new RemoteTryStore.Offer(id, attempt.taskInstance().queue(),
                attempt.taskInstance().priorityWeight(), Json.write(Workload.of(attempt, triggeringAssetEvents.apply(attempt.run()))), null,
                null));
        attempt.killSwitch().onKill(() -> timer.execute(() -> withdraw(id, attempt.killSwitch().reason())));
        timer.execute(this::storeOffersAndServe);
    }

    @Override
    public boolean adoptable(TaskInstance taskInstance) {
        return store.find(Workload.tryId(taskInstance)).isPresent();
    }

    /** The try stays with its worker (or waiting for one); its start and end are reported to this node now. */
    @Override
    public void adopt(TaskAttempt attempt, Listener listener) {
        String id = Workload.tryId(attempt.taskInstance());
        offered.put(id, new Offered(attempt, listener, clock.instant()));
        attempt.killSwitch().onKill(() -> timer.execute(() -> withdraw(id, attempt.killSwitch().reason())));
        timer.execute(() -> {
            store.adopt(id, jobId);
            LOG.info("Took over remote try {} of {}", id, attempt.taskInstance().key());
            sync();
        });
    }

    /**
     * A long poll: up to {@code slots} of the most urgent tries of the worker's queues, as soon as there is one, or
     * none after the wait.
     */
    public CompletableFuture<List<Claim>> fetch(String worker, String hostname, Collection<String> queues, int slots,
            Duration wait) {
        CompletableFuture<List<Claim>> result = polls.add(worker, hostname, queues, slots, wait);
        timer.execute(this::serveWaiters);
        return result;
    }

    /**
     * A worker's result for a try it holds: stored (another node may drive the run, or take it over), and told to
     * this node's engine at once when the try is this node's.
     *
     * @return false when refused: not that worker's try, or already reported
     */
    public boolean finish(String tryId, String worker, TaskOutcome outcome, Instant endedAt) {
        Offered mine = offered.get(tryId);
        if (mine != null && worker.equals(mine.worker)) {
            if (offered.remove(tryId) == null) {
                return false; // failed as a zombie or withdrawn meanwhile
            }
            // this node drives the run: the engine's commit stores the end durably, the answer waits for it (a
            // worker whose answer is lost reports again, to another node if this one is gone)
            CompletableFuture<Void> stored = mine.listener.ended(mine.attempt, outcome, endedAt);
            endedTries.add(tryId);
            try {
                stored.get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("The end of try {} was not stored within {}: {}", tryId, STORE_WAIT, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        // another node drives the run (or took it over): it reads the end from the store
        if (!store.finish(tryId, worker, Json.write(outcome), endedAt)) {
            return false;
        }
        if (mine != null) {
            timer.execute(this::sync);
        }
        return true;
    }

    /** What a try was queued with, while it is queued or running. */
    public Optional<Workload> workload(String tryId) {
        Offered mine = offered.get(tryId);
        if (mine != null) {
            return Optional.of(Workload.of(mine.attempt, null));
        }
        return store.find(tryId).map(row -> Json.MAPPER.convertValue(Json.read(row.workload()), Workload.class));
    }

    /** Another node stored offers or reports: read the store now rather than at the next {@link #SYNC}. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            timer.execute(() -> {
                wakePending.set(false);
                sync();
            });
        }
    }

    /** Tries waiting for a worker, by queue, across all nodes (metrics). */
    public Map<String, Integer> waitingByQueue() {
        return store.waitingByQueue();
    }

    /** The workers that heartbeated lately (metrics). */
    public List<RemoteTryStore.WorkerRow> workers() {
        return store.workers();
    }

    public void heartbeat(String worker, String hostname, List<String> queues, int concurrency, int running) {
        store.heartbeat(worker, hostname, queues, concurrency, running);
    }

    /** The tries a worker must stop, with why: withdrawn by the engine, or no longer stored (failed as zombies). */
    public Map<String, String> toStop(String worker, Collection<String> running) {
        Map<String, String> stop = new java.util.LinkedHashMap<>();
        Map<String, RemoteTryStore.Row> held = new HashMap<>();
        store.heldBy(worker).forEach(row -> held.put(row.id(), row));
        for (String id : running) {
            RemoteTryStore.Row row = held.get(id);
            if (row == null) {
                stop.put(id, "the try is no longer queued for this worker");
            } else if (row.killReason() != null) {
                stop.put(id, row.killReason());
            }
        }
        return stop;
    }

    /**
     * Stores the new offers. Those a long poll waiting on this node can take are handed to it in the same
     * transaction: stored as taken, answered at once.
     */
    private void storeOffersAndServe() {
        List<RemoteTryStore.Offer> batch = new ArrayList<>();
        for (RemoteTryStore.Offer next; (next = toStore.poll()) != null; ) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            Map<LongPolls.Waiter, List<Claim>> handed = polls.match(batch);
            try {
                store.offer(batch, jobId);
                Instant now = clock.instant();
                handed.forEach((waiter, claims) -> {
                    polls.remove(waiter);
                    for (Claim claim : claims) {
                        Offered mine = offered.get(claim.tryId());
                        if (mine != null) {
                            mine.worker = waiter.worker();
                            mine.startReported = true;
                            mine.listener.claimed(mine.attempt, waiter.hostname(), now);
                        }
                    }
                    if (!waiter.result().complete(claims)) {
                        claims.forEach(claim -> withdraw(claim.tryId(), "the worker's poll ended before it got "
                                + "the try"));
                    }
                });
            } catch (RuntimeException e) {
                LOG.error("Could not queue {} tries for workers", batch.size(), e);
                for (RemoteTryStore.Offer failed : batch) {
                    Offered mine = offered.remove(failed.id());
                    if (mine != null) {
                        mine.listener.ended(mine.attempt, TaskOutcome.failed("could not queue the try for a worker: "
                                + e.getMessage()), clock.instant());
                    }
                }
            }
        }
        serveWaiters();
    }

    private void withdraw(String id, String reason) {
        try {
            storeOffersAndServe(); // an offer not stored yet is stored first, then withdrawn like any other
            Offered mine = offered.get(id);
            if (store.withdraw(id, reason) && mine != null && offered.remove(id) != null) {
                mine.listener.ended(mine.attempt, TaskOutcome.failed(reason), clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not withdraw remote try {}", id, e);
        }
    }

    /** Hands waiting tries to waiting workers, and ends the long polls that waited long enough. */
    private void serveWaiters() {
        polls.serve(store, this::reportIfMine);
    }

    /** Reports what workers did with this node's tries, on this node or another; fails the tries of silent ones. */
    private void sync() {
        try {
            storeOffersAndServe();
            Instant now = clock.instant();
            boolean housekeeping = !now.isBefore(nextZombieCheck);
            if (housekeeping) {
                nextZombieCheck = now.plusSeconds(1);
                endedTries.delete(now);
            }
            if (offered.isEmpty()) {
                return;
            }
            List<RemoteTryStore.Row> taken = store.takenOf(jobId);
            taken.forEach(this::reportIfMine);
            if (housekeeping) {
                failZombies(taken, now);
                explainWaits(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read what remote workers reported", e);
        }
    }

    private void reportIfMine(RemoteTryStore.Row row) {
        Offered mine = offered.get(row.id());
        if (mine == null) {
            return;
        }
        if (row.worker() != null) {
            mine.worker = row.worker();
        }
        if (row.claimedAt() != null && !mine.startReported) {
            mine.startReported = true;
            mine.listener.claimed(mine.attempt, row.hostname(), row.claimedAt());
        }
        if (row.outcome() != null && offered.remove(row.id()) != null) {
            TaskOutcome outcome = Json.MAPPER.convertValue(Json.read(row.outcome()), TaskOutcome.class);
            mine.listener.ended(mine.attempt, outcome, row.endedAt());
            endedTries.add(row.id());
        }
    }

    private void failZombies(List<RemoteTryStore.Row> taken, Instant now) {
        for (RemoteTryStore.Row zombie : StalledTries.zombies(taken, store.workers(), now, zombieThreshold)) {
            Offered mine = offered.remove(zombie.id());
            endedTries.add(zombie.id());
            if (mine != null) {
                String why = StalledTries.zombieReason(zombie, zombieThreshold);
                LOG.warn("Try {}: {}", zombie.id(), why);
                StalledTries.note(mine.attempt, why);
                mine.listener.ended(mine.attempt, TaskOutcome.failed(why), now);
            }
        }
    }

    /** A try waiting for longer than {@link #WAIT_EXPLAINED} says in its log why: which workers serve its queue. */
    private void explainWaits(Instant now) {
        List<Offered> waiting = offered.values().stream().filter(o -> !o.startReported && !o.waitExplained
                && Duration.between(o.offeredAt, now).compareTo(WAIT_EXPLAINED) > 0).toList();
        if (!waiting.isEmpty()) {
            List<RemoteTryStore.WorkerRow> workers = store.workers();
            for (Offered wait : waiting) {
                wait.waitExplained = true;
                StalledTries.note(wait.attempt, StalledTries.waitReason(wait.attempt.taskInstance().queue(), workers,
                        now, zombieThreshold, localQueues));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        polls.close();
    }
}
