package io.updraft.asset;

import io.updraft.dag.AssetRef;
import io.updraft.dag.Dag;
import io.updraft.run.RunChanges;
import io.updraft.run.TaskState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Assets for one process: follows the loaded DAGs ({@link #dagsLoaded}), writes an event for each outlet of a task
 * whose try succeeded, in the engine's commit ({@link #emissions}), and writes events made through the API.
 * Whoever creates asset-triggered runs ({@link AssetTriggers}) listens for the DAGs that got queued events.
 * Thread-safe.
 */
public final class Assets implements CommitEmitter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Assets.class);

    private final AssetStore store;
    private final AssetQueries queries;
    private final Function<String, Optional<Dag>> dags;
    private final Clock clock;
    private final List<Consumer<Set<String>>> queueListeners = new CopyOnWriteArrayList<>();
    private volatile AssetGraph graph = AssetGraph.EMPTY;

    public Assets(AssetStore store, AssetQueries queries, Function<String, Optional<Dag>> dags, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.dags = dags;
        this.clock = clock;
    }

    /** Rebuilds who names which asset and records the assets in the store. */
    public void dagsLoaded(Collection<Dag> loaded) {
        AssetGraph next = new AssetGraph(loaded);
        graph = next;
        try {
            store.sync(next, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the loaded DAGs' assets; events still add them as they come", e);
        }
    }

    public AssetGraph graph() {
        return graph;
    }

    public AssetStore store() {
        return store;
    }

    public AssetQueries queries() {
        return queries;
    }

    /** Tells {@code listener} the DAGs that got queued events, after each commit that queued some. */
    public void onQueued(Consumer<Set<String>> listener) {
        queueListeners.add(listener);
    }

    /**
     * An event for each outlet asset of each task instance whose try succeeded in these changes (running to
     * success, as Airflow's task runner reports it; a success set by hand emits none, as in Airflow).
     */
    @Override
    public Batch emissions(RunChanges changes) {
        List<AssetStore.Emission> emissions = new ArrayList<>();
        for (RunChanges.TaskInstanceUpdate update : changes.updates()) {
            if (update.expectedState() != TaskState.RUNNING || update.taskInstance().state() != TaskState.SUCCESS) {
                continue;
            }
            var ti = update.taskInstance();
            Optional<Dag> dag = dags.apply(ti.dagId());
            List<AssetRef> outlets = dag.map(d -> d.assets().outlets(ti.taskId())).orElse(List.of());
            for (AssetRef asset : outlets) {
                emissions.add(new AssetStore.Emission(asset, List.of(), Map.of(), ti.dagId(), ti.taskId(),
                        ti.runId(), ti.mapIndex(), null));
            }
        }
        return emissions.isEmpty() ? null : new Batch(emissions, graph, clock.instant());
    }

    @Override
    public void committed(AssetStore.EmitResult result) {
        tellQueued(result.queuedDags());
    }

    /**
     * An event made through the API (Airflow's {@code POST /assets/events}): written and queued for the consumers
     * in one transaction; their runs start right after.
     *
     * @return the event's id
     */
    public long createEvent(AssetRecords.StoredAsset asset, Map<String, Object> extra, String partitionKey) {
        AssetRef ref = new AssetRef(asset.name(), asset.uri(), asset.group(), asset.extra());
        AssetStore.EmitResult result = store.emit(List.of(new AssetStore.Emission(ref, List.of(),
                extra == null ? Map.of() : extra, null, null, null, -1, partitionKey)), graph, clock.instant());
        tellQueued(result.queuedDags());
        return result.eventIds().get(0);
    }

    private void tellQueued(Set<String> dagIds) {
        if (dagIds.isEmpty()) {
            return;
        }
        for (Consumer<Set<String>> listener : queueListeners) {
            listener.accept(dagIds);
        }
    }
}
