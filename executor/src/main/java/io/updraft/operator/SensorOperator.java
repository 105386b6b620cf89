package io.updraft.operator;

import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.SkipTaskException;
import io.updraft.api.TaskContext;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskWait;
import io.updraft.run.Trigger;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Airflow's BaseSensorOperator: pokes until the criteria is met. In {@code poke} mode the try holds its slot and
 * sleeps between pokes; in {@code reschedule} mode a vain poke ends the try as up_for_reschedule and the same try
 * pokes again later, the {@code timeout} counting from its first poke; with {@code deferrable} the sensor defers on a
 * trigger the engine holds as a timer and resumes when it fires. A timeout fails the task without retries
 * (AirflowSensorTimeout), or skips it with {@code soft_fail}.
 */
abstract class SensorOperator implements Operator {

    static final String SOURCE = "base.py";

    /** One poke's answer: done, with the value to push as return_value (Airflow's PokeReturnValue). */
    record Poke(boolean done, Object xcomValue) {
        static final Poke NOT_YET = new Poke(false, null);
        static final Poke DONE = new Poke(true, null);

        static Poke of(boolean done) {
            return done ? DONE : NOT_YET;
        }

        /** A Python callable's answer: its truthiness, or a PokeReturnValue's is_done and xcom_value. */
        static Poke of(PythonResult result) {
            return result.pokeReturnValue() && result.truthy() ? new Poke(true, result.returnValue())
                    : of(result.truthy());
        }
    }

    /** A sensor's timeout: never retried. */
    static final class SensorTimeout extends FailTaskException {
        SensorTimeout(String message) {
            super(message);
        }
    }

    protected final SensorArguments sensor;

    SensorOperator(SensorArguments sensor) {
        this.sensor = sensor;
    }

    /** One poke. */
    protected abstract Poke poke(RunningTask task) throws Exception;

    /** The trigger a deferrable sensor waits on; null when it cannot defer now (it pokes instead). */
    protected Trigger trigger(RunningTask task, Instant timeoutAt) throws Exception {
        return null;
    }

    /** Airflow's execute_complete: what the try resumed after its trigger fired does with the event. */
    protected Object complete(RunningTask task, Map<String, Object> event) throws Exception {
        Object status = event.get("status");
        if (Trigger.TIMEOUT.equals(status)) {
            throw new SensorTimeout("Trigger/execution timeout");
        }
        if ("error".equals(status) || "failed".equals(status)) {
            throw new IllegalStateException(String.valueOf(event.getOrDefault("message", event)));
        }
        return null;
    }

    /** A deferrable sensor's start: pokes once, and defers when the criteria is not met yet. */
    protected Object executeDeferrable(RunningTask task) throws Exception {
        Poke first = poke(task);
        if (first.done()) {
            return first.xcomValue();
        }
        return defer(task);
    }

    final Object defer(RunningTask task) throws Exception {
        Instant timeoutAt = Instant.now().plus(sensor.timeout());
        Trigger trigger = trigger(task, timeoutAt);
        if (trigger == null) {
            return pokeUntilDone(task, null);
        }
        task.taskLog().info(SOURCE, "Pausing task as DEFERRED. " + ids(task));
        throw new SensorWaitException(TaskOutcome.Result.DEFER, new TaskOutcome.Wait(null, trigger));
    }

    @Override
    public final Object execute(TaskContext context) throws Exception {
        RunningTask task = RunningTask.of(context);
        TaskWait resumed = task.setup().attempt().resumed();
        try {
            if (resumed != null && resumed.resumesFromDeferral()) {
                task.taskLog().info(SOURCE, "Resuming after deferral: " + resumed.event());
                try {
                    return complete(task, resumed.event());
                } catch (SkipTaskException e) {
                    throw e;
                } catch (Exception e) {
                    throw softened(e);
                }
            }
            return sensor.deferrable() ? executeDeferrable(task) : pokeUntilDone(task, resumed);
        } catch (SensorWaitException | SkipTaskException e) {
            throw e;
        } catch (FailTaskException e) {
            throw softened(e);
        } catch (Exception e) {
            if (sensor.neverFail()) {
                throw new SkipTaskException("Skipping due to never_fail is set to True.");
            }
            throw e;
        }
    }

    private Exception softened(Exception e) {
        if (sensor.softFail()) {
            return new SkipTaskException(e instanceof SensorTimeout ? e.getMessage()
                    : "Skipping due to soft_fail is set to True.");
        }
        if (sensor.neverFail()) {
            return new SkipTaskException("Skipping due to never_fail is set to True.");
        }
        return e;
    }

    final Object pokeUntilDone(RunningTask task, TaskWait resumed) throws Exception {
        Instant started = sensor.reschedule() && resumed != null && resumed.firstStart() != null
                ? resumed.firstStart() : Instant.now();
        long startNanos = System.nanoTime();
        int pokeCount = 1;
        while (true) {
            Poke result;
            try {
                result = poke(task);
            } catch (FailTaskException | SkipTaskException e) {
                throw e;
            } catch (Exception e) {
                if (!sensor.silentFail()) {
                    throw e;
                }
                task.taskLog().error(SOURCE, "Sensor poke failed: " + e.getMessage());
                result = Poke.NOT_YET;
            }
            if (result.done()) {
                task.taskLog().info(SOURCE, "Success criteria met. Exiting.");
                return result.xcomValue();
            }
            double duration = sensor.reschedule() ? Duration.between(started, Instant.now()).toNanos() / 1e9
                    : (System.nanoTime() - startNanos) / 1e9;
            double timeout = sensor.timeout().toNanos() / 1e9;
            if (duration > timeout) {
                throw new SensorTimeout("Sensor has timed out; run duration of " + duration
                        + " seconds exceeds the specified timeout of " + timeout + ".");
            }
            double interval = nextInterval(task, started, duration, pokeCount);
            if (sensor.reschedule()) {
                Instant at = Instant.now().plusNanos((long) (interval * 1e9));
                task.taskLog().info(SOURCE, "Rescheduling task, marking task as UP_FOR_RESCHEDULE. " + ids(task));
                throw new SensorWaitException(TaskOutcome.Result.RESCHEDULE, new TaskOutcome.Wait(at, null));
            }
            Thread.sleep(Math.max(0, (long) (interval * 1000))); // a kill interrupts the sleep
            pokeCount++;
        }
    }

    /** Airflow's _get_next_poke_interval: the poke interval, or an exponential backoff with a stable jitter. */
    private double nextInterval(RunningTask task, Instant started, double duration, int pokeCount) {
        double poke = sensor.pokeInterval().toNanos() / 1e9;
        if (!sensor.exponentialBackoff()) {
            return poke;
        }
        int count = pokeCount;
        if (sensor.reschedule()) { // the pokes so far, estimated from the time since the first
            double cumulative = 0;
            int estimated = 0;
            while (cumulative <= duration) {
                estimated++;
                cumulative += backoff(task, started, poke, estimated);
            }
            count = Math.max(estimated, 1);
        }
        double interval = Math.min(sensor.timeout().toSeconds() - (long) duration, backoff(task, started, poke, count));
        if (sensor.maxWait() != null) {
            interval = Math.min(sensor.maxWait().toNanos() / 1e9, interval);
        }
        task.taskLog().info(SOURCE, "new " + (sensor.reschedule() ? "reschedule" : "poke") + " interval is "
                + interval);
        return interval;
    }

    private static double backoff(RunningTask task, Instant started, double poke, int count) {
        long minBackoff = Math.max((long) (poke * Math.pow(2, count - 2)), 1);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((task.dagId() + "#" + task.taskId() + "#"
                    + started + "#" + count).getBytes(StandardCharsets.UTF_8));
            return minBackoff + new BigInteger(1, digest).mod(BigInteger.valueOf(minBackoff)).longValue();
        } catch (java.security.NoSuchAlgorithmException e) {
            return minBackoff;
        }
    }

    static String ids(RunningTask task) {
        return "dag_id=" + task.dagId() + ", task_id=" + task.taskId() + ", run_id=" + task.runId();
    }
}
