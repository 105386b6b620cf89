package io.updraft.asset;

import io.updraft.run.RunChanges;
import java.time.Instant;
import java.util.List;

/**
 * The asset events a commit of the engine's changes emits: the store writes them in that commit's transaction (so an
 * event commits with the task success that emitted it, or not at all) and reports back once it has committed.
 */
public interface CommitEmitter {

    /** Events to write with a commit, the asset graph that tells their consumers, and the time. */
    record Batch(List<AssetStore.Emission> emissions, AssetGraph graph, Instant now) {
    }

    /** @return the events these changes emit, or null for none */
    Batch emissions(RunChanges changes);

    /** Told on the committing thread once the commit that wrote a batch returned; it must not block. */
    void committed(AssetStore.EmitResult result);
}
