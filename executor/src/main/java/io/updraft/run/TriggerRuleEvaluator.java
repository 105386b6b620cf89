package io.updraft.run;

import io.updraft.dag.TriggerRule;

/**
 * Airflow's trigger-rule dependency, both phases, as in {@code trigger_rule_dep.py}: phase A may settle the task
 * instance's state from its upstream states (skipped, upstream_failed, removed); phase B says whether it may run.
 * Pure and thread-safe.
 */
public final class TriggerRuleEvaluator {

    /**
     * The outcome of evaluating one task instance.
     *
     * @param newState the state phase A sets, or null to leave it unset
     * @param passed whether the dependency is met (the instance runs if it passed and newState is null)
     * @param reason why it did not pass, in Airflow's words; null when it passed
     */
    public record Decision(TaskState newState, boolean passed, String reason) {

        /** What the scheduler does with the instance: run it, settle it, or wait. */
        public boolean runs() {
            return passed && newState == null;
        }
    }

    private TriggerRuleEvaluator() {
    }

    /**
     * @param hasUpstream false for tasks without upstream tasks, which always pass
     * @param mapIndex -1 for unmapped task instances
     */
    public static Decision evaluate(TriggerRule rule, boolean hasUpstream, UpstreamCounts counts, int mapIndex) {
        if (!hasUpstream || rule == TriggerRule.ALWAYS) {
            return new Decision(null, true, null);
        }
        TaskState newState = settle(rule, counts, mapIndex);
        String failure = check(rule, counts, mapIndex);
        return new Decision(newState, failure == null,
                failure == null ? null : "Task's trigger rule '" + rule.value() + "' " + failure);
    }

    /** Phase A: the state the rule forces from the upstream states, or null. */
    private static TaskState settle(TriggerRule rule, UpstreamCounts c, int mapIndex) {
        int s = c.success();
        int sk = c.skipped();
        int f = c.failed();
        int uf = c.upstreamFailed();
        int r = c.removed();
        boolean done = c.upstreamDone();
        switch (rule) {
            case ALL_SUCCESS:
                if (uf > 0 || f > 0) {
                    return TaskState.UPSTREAM_FAILED;
                }
                if (sk > 0) {
                    return TaskState.SKIPPED;
                }
                if (r > 0 && s > 0 && mapIndex > -1 && mapIndex >= s) {
                    return TaskState.REMOVED;
                }
                return null;
            case ALL_FAILED:
                return s > 0 || sk > 0 ? TaskState.SKIPPED : null;
            case ONE_SUCCESS:
                if (done && c.done() == sk) {
                    return TaskState.SKIPPED;
                }
                return done && s <= 0 ? TaskState.UPSTREAM_FAILED : null;
            case ONE_FAILED:
                return done && f == 0 && uf == 0 ? TaskState.SKIPPED : null;
            case ONE_DONE:
                return done && f == 0 && s == 0 ? TaskState.SKIPPED : null;
            case NONE_FAILED:
                return uf > 0 || f > 0 ? TaskState.UPSTREAM_FAILED : null;
            case NONE_FAILED_MIN_ONE_SUCCESS:
                if (uf > 0 || f > 0) {
                    return TaskState.UPSTREAM_FAILED;
                }
                return sk == c.upstream() ? TaskState.SKIPPED : null;
            case NONE_SKIPPED:
                return sk > 0 ? TaskState.SKIPPED : null;
            case ALL_SKIPPED:
                return s > 0 || f > 0 || uf > 0 ? TaskState.SKIPPED : null;
            case ALL_DONE_MIN_ONE_SUCCESS:
                if (sk > 0) {
                    return TaskState.SKIPPED;
                }
                return s + f + uf + r >= c.upstream() - sk && s == 0 ? TaskState.UPSTREAM_FAILED : null;
            case ALL_DONE_SETUP_SUCCESS:
                if (done && c.setups() > 0 && c.setupSkipped() >= c.setups()) {
                    return TaskState.SKIPPED;
                }
                return done && c.setups() > 0 && c.setupSuccesses() == 0 ? TaskState.UPSTREAM_FAILED : null;
            default:
                return null;
        }
    }

    /** Phase B: null when the dependency passes, else Airflow's failure text (without the rule prefix). */
    private static String check(TriggerRule rule, UpstreamCounts c, int mapIndex) {
        int u = c.upstream();
        int s = c.success();
        int sk = c.skipped();
        int f = c.failed();
        int uf = c.upstreamFailed();
        int removedIfMapped = mapIndex > -1 ? c.removed() : 0;
        switch (rule) {
            case ONE_SUCCESS:
                return s > 0 ? null : "requires one upstream task success, but none were found";
            case ONE_FAILED:
                return f + uf > 0 ? null : "requires one upstream task failure, but none were found";
            case ONE_DONE:
                return s + f > 0 ? null
                        : "requires at least one upstream task failure or success but none were failed or success";
            case ALL_SUCCESS: {
                int nonSuccess = u - s - removedIfMapped;
                return nonSuccess <= 0 ? null
                        : "requires all upstream tasks to have succeeded, but found " + nonSuccess + " non-success(es)";
            }
            case ALL_FAILED: {
                int nonFailure = u - f - uf - removedIfMapped;
                return nonFailure <= 0 ? null
                        : "requires all upstream tasks to have failed, but found " + nonFailure + " non-failure(s)";
            }
            case ALL_DONE:
                return c.upstreamDone() ? null : "requires all upstream tasks to have completed, but found "
                        + (u - c.done()) + " task(s) that were not done";
            case NONE_FAILED:
            case NONE_FAILED_MIN_ONE_SUCCESS: {
                int nonSuccess = u - s - sk - removedIfMapped;
                return nonSuccess <= 0 ? null : "requires all upstream tasks to have succeeded or been skipped, "
                        + "but found " + nonSuccess + " non-success(es)";
            }
            case NONE_SKIPPED:
                return c.upstreamDone() && sk == 0 ? null
                        : "requires all upstream tasks to not have been skipped, but found " + sk + " task(s) skipped";
            case ALL_SKIPPED: {
                int nonSkipped = u - sk;
                return nonSkipped <= 0 ? null : "requires all upstream tasks to have been skipped, but found "
                        + nonSkipped + " task(s) in non skipped state";
            }
            case ALL_DONE_SETUP_SUCCESS:
                if (!c.upstreamDone()) {
                    return "requires all upstream tasks to have completed, but found " + (u - c.done())
                            + " task(s) that were not done";
                }
                return c.setups() == 0 || c.setupSuccesses() > 0 ? null
                        : "requires at least one upstream setup task to have succeeded";
            case ALL_DONE_MIN_ONE_SUCCESS: {
                int removed = mapIndex > -1 ? c.removed() : 0;
                boolean allDone = s + f + uf + c.removed() - removed >= u - sk - removed;
                if (sk == 0 && allDone && s > 0) {
                    return null;
                }
                return "requires all upstream tasks to have completed and at least one upstream task to have "
                        + "succeeded, but found " + s + " success(es) and " + sk + " skipped";
            }
            default:
                return "No strategy to evaluate trigger rule '" + rule.value() + "'.";
        }
    }
}
