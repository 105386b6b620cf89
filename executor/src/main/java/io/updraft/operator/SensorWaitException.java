package io.updraft.operator;

import io.updraft.UpdraftException;
import io.updraft.run.TaskOutcome;

/**
 * Ends a sensor's try waiting (Airflow's AirflowRescheduleException and TaskDeferred): the engine reschedules or
 * defers it and the same try goes on later.
 */
final class SensorWaitException extends UpdraftException {

    private final TaskOutcome.Result result;
    private final transient TaskOutcome.Wait wait;

    SensorWaitException(TaskOutcome.Result result, TaskOutcome.Wait wait) {
        super(result == TaskOutcome.Result.DEFER ? "deferred" : "rescheduled", null, false, false);
        this.result = result;
        this.wait = wait;
    }

    TaskOutcome.Result result() {
        return result;
    }

    TaskOutcome.Wait sensorWait() {
        return wait;
    }
}
