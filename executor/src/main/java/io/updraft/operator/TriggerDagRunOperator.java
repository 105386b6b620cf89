package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.SkipTaskException;
import io.updraft.api.TaskContext;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunIds;
import io.updraft.run.RunType;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskWait;
import io.updraft.run.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Airflow's TriggerDagRunOperator: queues a run of {@code trigger_dag_id} (with {@code conf}, {@code logical_date},
 * {@code trigger_run_id}; {@code reset_dag_run} clears an existing one), pushes its run id as XCom
 * {@code trigger_run_id}, and with {@code wait_for_completion} waits for it to reach {@code allowed_states} (fails on
 * {@code failed_states}), polling every {@code poke_interval}, or deferred on the engine's triggerer. With
 * {@code fail_when_dag_is_paused} a paused target fails the task ("Dag X is paused", Airflow's DagIsPaused).
 */
final class TriggerDagRunOperator implements Operator {

    static final String TRIGGER = "dag_state";
    private static final String SOURCE = "trigger_dagrun.py";

    /** The rendered arguments. */
    record Settings(String dagId, String runId, Object logicalDate, boolean logicalDateGiven,
                    Map<String, Object> conf, String note, boolean reset, boolean waitForCompletion,
                    Duration pokeInterval, List<String> allowed, List<String> failed, boolean skipWhenExists,
                    boolean deferrable, boolean failWhenPaused) {
    }

    private final Settings settings;

    TriggerDagRunOperator(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Object execute(TaskContext context) throws Exception {
        RunningTask task = RunningTask.of(context);
        TaskWait resumed = task.setup().attempt().resumed();
        if (resumed != null && resumed.resumesFromDeferral()) {
            return complete(String.valueOf(resumed.event().get("state")), String.valueOf(xcomRunId(task)));
        }
        DagRunAccess runs = task.service(DagRunAccess.class).orElseThrow(() -> new IllegalStateException(
                "no engine in this process to trigger DAG runs"));
        Instant logicalDate = !settings.logicalDateGiven() ? Instant.now()
                : settings.logicalDate() == null ? null : TimeSensors.moment(settings.logicalDate());
        String runId = settings.runId() != null ? settings.runId()
                : RunIds.generate(RunType.MANUAL, logicalDate, Instant.now());
        if (settings.failWhenPaused() && runs.isPaused(settings.dagId()).orElseThrow(
                () -> new IllegalArgumentException("Dag " + settings.dagId() + " is not found"))) {
            // Airflow's DagIsPaused, before anything is triggered or pushed
            throw new IllegalStateException("Dag " + settings.dagId() + " is paused");
        }
        task.taskLog().info(SOURCE, "Triggering Dag Run. trigger_dag_id=" + settings.dagId());
        try {
            runs.trigger(settings.dagId(), runId, logicalDate, settings.conf(), settings.note(), settings.reset());
        } catch (DuplicateRunException e) {
            if (settings.skipWhenExists()) {
                throw new SkipTaskException("Dag Run already exists, skipping task as skip_when_already_exists is "
                        + "set to True.");
            }
            throw new io.updraft.api.FailTaskException("Dag Run already exists, marking task as failed. dag_id="
                    + settings.dagId() + ": " + e.getMessage());
        }
        task.taskLog().info(SOURCE, "Dag Run triggered successfully. trigger_dag_id=" + settings.dagId()
                + " run_id=" + runId);
        context.xcomPush("trigger_run_id", runId);
        if (!settings.waitForCompletion()) {
            return null;
        }
        if (settings.deferrable()) {
            Trigger trigger = new Trigger(TRIGGER, Map.of("dag_id", settings.dagId(), "run_id", runId,
                    "states", concat(settings.allowed(), settings.failed())),
                    Instant.now().plus(settings.pokeInterval()), settings.pokeInterval(), null);
            task.taskLog().info(SOURCE, "Pausing task as DEFERRED. " + SensorOperator.ids(task));
            throw new SensorWaitException(TaskOutcome.Result.DEFER, new TaskOutcome.Wait(null, trigger));
        }
        while (true) {
            task.taskLog().info(SOURCE, "Waiting for dag run to complete execution in allowed state. dag_id="
                    + settings.dagId() + " run_id=" + runId + " allowed_state=" + settings.allowed());
            Thread.sleep(settings.pokeInterval().toMillis()); // a kill interrupts the sleep
            String state = runs.run(settings.dagId(), runId).map(DagRunAccess.RunStates::state).orElse(null);
            if (settings.failed().contains(state) || settings.allowed().contains(state)) {
                return complete(state, runId);
            }
        }
    }

    private Object xcomRunId(RunningTask task) {
        return task.xcomPull(task.taskId(), "trigger_run_id");
    }

    private Object complete(String state, String runId) {
        if (settings.failed().contains(state)) {
            throw new IllegalStateException(settings.dagId() + " failed with failed state " + state);
        }
        if (!settings.allowed().contains(state)) {
            throw new IllegalStateException(settings.dagId() + " return non-allowed state " + state + " for run "
                    + runId);
        }
        return null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
