package io.updraft.run;

/**
 * Counts of a task instance's direct upstream task instances, by state, as Airflow's trigger-rule dependency
 * computes them. Only finished states are counted; {@code done} is their sum.
 *
 * @param upstream number of direct upstream tasks the DAG defines, a mapped one counting its instances (U)
 * @param setups number of upstream setup tasks (US); 0 unless setup/teardown tasks are used
 * @param setupSuccesses successful setups (SS)
 * @param setupSkipped skipped setups (SKS)
 */
public record UpstreamCounts(
        int upstream,
        int success,
        int skipped,
        int failed,
        int upstreamFailed,
        int removed,
        int done,
        int setups,
        int setupSuccesses,
        int setupSkipped) {

    public static UpstreamCounts of(int upstream, int success, int skipped, int failed, int upstreamFailed,
                                    int removed, int done) {
        return new UpstreamCounts(upstream, success, skipped, failed, upstreamFailed, removed, done, 0, 0, 0);
    }

    public boolean upstreamDone() {
        return done >= upstream;
    }
}
