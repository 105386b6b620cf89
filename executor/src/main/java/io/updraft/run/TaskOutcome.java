package io.updraft.run;

import java.util.Map;
import java.util.Set;

/**
 * How one try ended, as reported by a {@link TaskRunner}.
 *
 * @param xcoms XComs pushed by the try, by key ({@code return_value} included), values as JSON-ready objects
 * @param renderedFields JSON object of the rendered template fields, or null
 * @param followOnly branching: the direct downstream task ids to follow (others are skipped); null when the task
 *     does not branch
 * @param skip short-circuit: which downstream tasks to skip
 * @param error what went wrong, for failures; null otherwise
 * @param sensorWait for {@link Result#RESCHEDULE} and {@link Result#DEFER}: when to poke again, or the trigger
 */
public record TaskOutcome(
        Result result,
        Map<String, Object> xcoms,
        String renderedFields,
        Set<String> followOnly,
        SkipDownstream skip,
        String error,
        Wait sensorWait) {

    public enum Result {
        SUCCESS,
        SKIPPED,
        /** failed; retried when tries remain */
        FAILED,
        /** failed; never retried (AirflowFailException) */
        FAILED_NO_RETRY,
        /** a sensor in reschedule mode poked in vain: up_for_reschedule, the same try again at a later time */
        RESCHEDULE,
        /** the task deferred: its slot is freed until its trigger fires, then the same try resumes */
        DEFER
    }

    /** A sensor's wait: poke again at {@code resumeAt} (reschedule), or resume when {@code trigger} fires. */
    public record Wait(java.time.Instant resumeAt, Trigger trigger) {
    }

    public enum SkipDownstream {
        NONE,
        /** only the direct downstream tasks */
        DIRECT,
        /** every transitive downstream task */
        ALL
    }

    public TaskOutcome(Result result, Map<String, Object> xcoms, String renderedFields, Set<String> followOnly,
                       SkipDownstream skip, String error) {
        this(result, xcoms, renderedFields, followOnly, skip, error, null);
    }

    public TaskOutcome {
        xcoms = xcoms == null ? Map.of() : xcoms;
        skip = skip == null ? SkipDownstream.NONE : skip;
    }

    public static TaskOutcome success(Map<String, Object> xcoms) {
        return new TaskOutcome(Result.SUCCESS, xcoms, null, null, SkipDownstream.NONE, null);
    }

    public static TaskOutcome skipped(String why) {
        return new TaskOutcome(Result.SKIPPED, Map.of(), null, null, SkipDownstream.NONE, why);
    }

    public static TaskOutcome failed(String error) {
        return new TaskOutcome(Result.FAILED, Map.of(), null, null, SkipDownstream.NONE, error);
    }

    public static TaskOutcome failedNoRetry(String error) {
        return new TaskOutcome(Result.FAILED_NO_RETRY, Map.of(), null, null, SkipDownstream.NONE, error);
    }
}
