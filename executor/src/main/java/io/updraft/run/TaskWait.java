package io.updraft.run;

import java.time.Instant;
import java.util.Map;

/**
 * A sensor's wait within one try, stored with the instance (table {@code task_wait}) so that the engine that takes
 * the run over after a crash resumes it: the reschedule date of an {@code up_for_reschedule} instance, the trigger
 * of a {@code deferred} one, and the event it fired with until the resumed try ends.
 *
 * @param firstStart when the try's first poke started: a sensor's {@code timeout} counts from it (Airflow's first
 *     task_reschedule start_date)
 * @param resumeAt the reschedule date; null when deferred
 * @param trigger the trigger of a deferred instance; null when rescheduled
 * @param event the trigger's event once it fired; null before
 */
public record TaskWait(String taskInstanceId, TaskInstanceKey key, int tryNumber, Instant firstStart,
                       Instant resumeAt, Trigger trigger, Map<String, Object> event) {

    /** A resumed try's view: it resumes from a deferral (not a reschedule) when the event is known. */
    public boolean resumesFromDeferral() {
        return event != null;
    }

    TaskWait fired(Map<String, Object> firedEvent) {
        return new TaskWait(taskInstanceId, key, tryNumber, firstStart, resumeAt, trigger, firedEvent);
    }
}
