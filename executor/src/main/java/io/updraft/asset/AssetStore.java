package io.updraft.asset;

import io.updraft.asset.AssetRecords.PendingRun;
import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The writes of assets: the assets the loaded DAGs name, events with the queue of their consumers (an event of a
 * task's success commits with that success: see {@link CommitEmitter}), and taking a DAG's queue for an
 * asset-triggered run. Thread-safe.
 */
public interface AssetStore {

    /**
     * An event to write.
     *
     * @param aliases the aliases it was emitted through (their consumers are queued too)
     * @param sourceDagId null (with the other source fields) for an event made through the API
     */
    record Emission(AssetRef asset, List<String> aliases, Map<String, Object> extra, String sourceDagId,
                    String sourceTaskId, String sourceRunId, int sourceMapIndex, String partitionKey) {
    }

    /** The ids of the events written, in order, and the DAGs they queued. */
    record EmitResult(List<Long> eventIds, Set<String> queuedDags) {
    }

    /**
     * Records the assets and aliases the loaded DAGs name (as Airflow's DAG processor does): new ones are added, a
     * changed group or extra is updated, and assets no DAG names any more become inactive (their events stay).
     */
    void sync(AssetGraph graph, Instant now);

    /**
     * Writes the events, in a transaction of their own (events made through the API), and queues them for each
     * unpaused DAG scheduled on their asset (or on an alias they were emitted through).
     *
     * @return the events' ids and the DAGs that got queued events, to evaluate once the transaction has committed
     */
    EmitResult emit(List<Emission> emissions, AssetGraph graph, Instant now);

    /**
     * Takes a DAG's queue when its asset condition holds (Airflow's scheduler): records the run to create and the
     * events it consumes (those of the queued assets since the DAG's previous asset-triggered run), and empties the
     * queue, in one transaction. The queue's rows stay locked meanwhile, so two nodes cannot both take it.
     *
     * @return the run to create, or empty when the condition does not hold yet
     */
    Optional<PendingRun> claim(String dagId, AssetCondition condition, Instant now);

    /** Runs decided but not created (a process died in between, or the creation failed). */
    List<PendingRun> pendingRuns();

    void deletePending(PendingRun run);

    /** The DAGs with queued events. */
    List<String> queuedDags();
}
