package io.updraft.run;

import java.util.EnumSet;
import java.util.List;

/**
 * Which runs this engine may drive when several engine nodes share one database. A node holds a lease on each DAG
 * whose scheduler-driven runs it decides (so a DAG's max_active_runs and max_active_tasks hold in one node's memory)
 * and owns each run it drives; leases and runs of a dead node are taken over by another. Every commit of a node that
 * fences is refused once another node owns the run. Thread-safe.
 */
public interface RunLeases {

    /** The job id written as owner on the runs this engine creates to drive itself; null when not tracked. */
    Long owner();

    /** Whether other engine nodes may share the store (runs are then taken on by claiming them). */
    boolean shared();

    /** Whether the next commit must check that this engine still owns each run it changes. */
    boolean fences();

    /** Whether this node holds the DAG's lease now, claiming it when it is free or its holder is dead. */
    boolean claimDag(String dagId);

    /**
     * Runs this engine should take on now: queued or running runs of DAGs it leases that no live node drives (each
     * owned by this node once returned), including those of DAGs whose holder died, whose leases are claimed first.
     */
    List<DagRun> claimRuns(int limit);

    /**
     * The live node to ask for a change of the run: the node that drives it, else the holder of its DAG's lease;
     * null when this node should apply the change itself.
     */
    Long route(String dagId, String runId);

    /** Makes this node the run's owner unless a live node drives it; whether this node owns it now. */
    boolean claimRun(DagRun run);

    /** Whether this engine still owns the run (it may drive it). */
    boolean owns(DagRun run);

    /** Gives up this node's leases (a graceful stop), so another node takes them over at once. */
    void releaseAll();

    /**
     * One process alone on its database (the embedded store): every DAG is its own, nothing is fenced, and the runs
     * to take on are the queued runs created since the last look (by the CLI or another process's API).
     */
    static RunLeases alone(RunStore store, Long owner) {
        return alone(store, owner, () -> null);
    }

    /**
     * As {@link #alone(RunStore, Long)}, beside a scheduling engine in another process (a CLI command next to
     * `updraft standalone` on the embedded store): changes of runs go to that engine, which drives them.
     *
     * @param scheduler the job id of the live scheduling engine of another process; null when there is none
     */
    static RunLeases alone(RunStore store, Long owner, java.util.function.Supplier<Long> scheduler) {
        return new RunLeases() {
            private long lastSeenRunId;

            @Override
            public Long owner() {
                return owner;
            }

            @Override
            public boolean shared() {
                return false;
            }

            @Override
            public boolean fences() {
                return false;
            }

            @Override
            public boolean claimDag(String dagId) {
                return true;
            }

            @Override
            public synchronized List<DagRun> claimRuns(int limit) {
                List<DagRun> found = store.findRunsAfter(lastSeenRunId, EnumSet.of(RunState.QUEUED), limit);
                found.forEach(run -> lastSeenRunId = Math.max(lastSeenRunId, run.id()));
                return found;
            }

            @Override
            public Long route(String dagId, String runId) {
                return scheduler.get();
            }

            @Override
            public boolean claimRun(DagRun run) {
                return true;
            }

            @Override
            public boolean owns(DagRun run) {
                return true;
            }

            @Override
            public void releaseAll() {
            }
        };
    }
}
