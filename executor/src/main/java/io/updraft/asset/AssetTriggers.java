package io.updraft.asset;

import io.updraft.asset.AssetRecords.PendingRun;
import io.updraft.dag.AssetCondition;
import io.updraft.dag.Dag;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunType;
import io.updraft.run.TriggerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Creates asset-triggered runs (Airflow's scheduler does it in its loop): as soon as a commit queues events for a
 * DAG its condition is evaluated, and when it holds the queue is taken and the run created through the engine's
 * trigger, with run type {@code asset_triggered}, no logical date, and {@code run_after} the latest queued event's
 * time. A sweep every few seconds creates what a dead process left decided but not created, and re-evaluates
 * queues (a DAG loaded late, a failure). One thread; close it before the engine.
 */
public final class AssetTriggers implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AssetTriggers.class);

    /** How a run is created: the engine's trigger. */
    @FunctionalInterface
    public interface RunStarter {
        void trigger(Dag dag, TriggerRequest request);
    }

    private final Assets assets;
    private final Function<String, Optional<Dag>> dags;
    private final RunStarter starter;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread named = new Thread(task, "updraft-asset-triggers");
        named.setDaemon(true);
        return named;
    });

    public AssetTriggers(Assets assets, Function<String, Optional<Dag>> dags, RunStarter starter, Clock clock) {
        this.assets = assets;
        this.dags = dags;
        this.starter = starter;
        this.clock = clock;
    }

    /** Starts listening for queued events and sweeping every {@code sweep}. */
    public AssetTriggers start(Duration sweep) {
        assets.onQueued(this::evaluate);
        thread.scheduleWithFixedDelay(this::sweep, 0, sweep.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Evaluates these DAGs' queues on the trigger thread. */
    public void evaluate(Collection<String> dagIds) {
        Set<String> copy = Set.copyOf(dagIds);
        try {
            thread.execute(() -> copy.forEach(this::evaluateNow));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down: the queue stays in the store and the next process takes it
        }
    }

    private void sweep() {
        try {
            assets.store().pendingRuns().forEach(this::create);
            assets.store().queuedDags().forEach(this::evaluateNow);
        } catch (RuntimeException e) {
            LOG.warn("Asset trigger sweep failed: {}", e.getMessage());
        }
    }

    private void evaluateNow(String dagId) {
        try {
            AssetCondition condition = assets.graph().condition(dagId);
            if (condition == null) {
                return; // not (or no longer) asset-scheduled: its queue waits for a load that schedules it again
            }
            assets.store().claim(dagId, condition, clock.instant()).ifPresent(this::create);
        } catch (RuntimeException e) {
            LOG.warn("Evaluating the asset queue of DAG {} failed: {}", dagId, e.getMessage());
        }
    }

    private void create(PendingRun pending) {
        Optional<Dag> dag = dags.apply(pending.dagId());
        if (dag.isEmpty()) {
            return; // kept until the DAG is loaded again
        }
        try {
            starter.trigger(dag.get(), new TriggerRequest(pending.runId(), RunType.ASSET_TRIGGERED, null, null, null,
                    pending.runAfter(), Map.of(), null, "asset"));
        } catch (DuplicateRunException alreadyCreated) {
            // created before a crash, or by another node's sweep
        } catch (RuntimeException e) {
            LOG.warn("Creating asset-triggered run {} of DAG {} failed: {}", pending.runId(), pending.dagId(),
                    e.getMessage());
            return;
        }
        assets.store().deletePending(pending);
        LOG.info("Asset-triggered run {} of DAG {} created", pending.runId(), pending.dagId());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
