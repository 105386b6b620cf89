package io.updraft.operator;

import io.updraft.dag.PythonCallable;
import io.updraft.run.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Airflow's ExternalTaskSensor: waits for tasks ({@code external_task_id(s)}, or a {@code external_task_group_id})
 * of another DAG's runs at the same logical date (minus {@code execution_delta}, or the dates
 * {@code execution_date_fn} returns), or those runs themselves, to reach one of {@code allowed_states}; one in
 * {@code failed_states} (or {@code skipped_states}) fails (skips) the sensor. As in Airflow 3, {@code
 * check_existence} checks nothing: a DAG that does not exist is waited for until the timeout.
 */
final class ExternalTaskSensor extends SensorOperator {

    static final String TRIGGER = "external_task";
    private static final String SOURCE = "external_task.py";

    /** What to watch, as rendered. */
    record Target(String dagId, List<String> taskIds, String groupId, List<String> allowed, List<String> failed,
                  List<String> skipped, Duration delta) {
    }

    private final Target target;
    private final PythonCallable dateFunction;

    ExternalTaskSensor(SensorArguments sensor, Target target, PythonCallable dateFunction) {
        super(sensor);
        this.target = target;
        this.dateFunction = dateFunction;
    }

    /** The logical dates watched: the run's (its run_after without one) minus execution_delta, or execution_date_fn's. */
    private List<Instant> logicalDates(RunningTask task) throws Exception {
        Instant date = task.setup().attempt().run().logicalDate();
        if (date == null) {
            date = task.setup().attempt().run().runAfter();
        }
        if (dateFunction == null) {
            return List.of(target.delta() == null ? date : date.minus(target.delta()));
        }
        // fn(logical_date, **context): the runner passes the context's logical_date, and returns dates as ISO text
        Object value = new PythonTaskOperator(PythonKind.PLAIN, dateFunction,
                List.of(Map.of("__updraft_context__", "logical_date")), Map.of(), null, true, null)
                .call(task).returnValue();
        List<?> dates = value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
        List<Instant> instants = new ArrayList<>();
        for (Object one : dates) {
            instants.add(TimeSensors.moment(one));
        }
        return instants;
    }

    @Override
    protected Poke poke(RunningTask task) throws Exception {
        List<Instant> dates = logicalDates(task);
        task.taskLog().info(SOURCE, "Poking for " + (target.taskIds().isEmpty() && target.groupId() == null ? ""
                : "tasks " + (target.groupId() != null ? "of group " + target.groupId() : target.taskIds()) + " in ")
                + "DAG " + target.dagId() + " on " + dates.stream().map(Instant::toString)
                        .collect(java.util.stream.Collectors.joining(",")) + " ... ");
        DagRunAccess runs = task.service(DagRunAccess.class).orElseThrow(() -> new IllegalStateException(
                "no access to DAG runs in this process"));
        String verdict = verdict(target, dates.stream().map(date -> runs.runAt(target.dagId(), date)).toList());
        if ("failed".equals(verdict)) { // as Airflow 3.3: soft_fail skips at once, else a failure that may retry
            if (sensor.softFail()) {
                throw new io.updraft.api.SkipTaskException("The external " + describe(target) + " failed. Skipping "
                        + "due to soft_fail.");
            }
            throw new IllegalStateException("The external " + describe(target) + " failed.");
        }
        if ("skipped".equals(verdict)) {
            throw new io.updraft.api.SkipTaskException("The external " + describe(target) + " reached a state in "
                    + "skipped_states " + target.skipped() + ".");
        }
        return Poke.of("allowed".equals(verdict));
    }

    private static String describe(Target target) {
        if (target.groupId() != null) {
            return "task_group_id " + target.groupId() + " in DAG " + target.dagId();
        }
        return target.taskIds().isEmpty() ? "DAG " + target.dagId()
                : "task(s) " + String.join(",", target.taskIds()) + " in DAG " + target.dagId();
    }

    /** allowed when every run is, else failed or skipped when one is, else waiting. */
    static String verdict(Target target, List<Optional<DagRunAccess.RunStates>> runs) {
        List<String> verdicts = runs.stream().map(run -> verdict(target, run)).toList();
        for (String settled : List.of("failed", "skipped")) {
            if (verdicts.contains(settled)) {
                return settled;
            }
        }
        return !verdicts.isEmpty() && verdicts.stream().allMatch("allowed"::equals) ? "allowed" : "waiting";
    }

    /** allowed, failed, skipped, or waiting: the states of the watched tasks (or the run) in that run. */
    static String verdict(Target target, Optional<DagRunAccess.RunStates> found) {
        if (found.isEmpty()) {
            return "waiting";
        }
        DagRunAccess.RunStates run = found.get();
        List<String> states = new ArrayList<>();
        if (target.taskIds().isEmpty() && target.groupId() == null) {
            states.add(run.state());
        } else {
            run.taskStates().forEach((taskId, taskStates) -> {
                if (target.taskIds().contains(taskId)
                        || target.groupId() != null && taskId.startsWith(target.groupId() + ".")) {
                    states.addAll(taskStates);
                }
            });
            if (states.isEmpty()) {
                return "waiting";
            }
        }
        if (states.stream().anyMatch(target.failed()::contains)) {
            return "failed";
        }
        if (states.stream().anyMatch(target.skipped()::contains)) {
            return "skipped";
        }
        return states.stream().allMatch(target.allowed()::contains) ? "allowed" : "waiting";
    }

    @Override
    protected Object executeDeferrable(RunningTask task) throws Exception {
        return defer(task);
    }

    @Override
    protected Trigger trigger(RunningTask task, Instant timeoutAt) throws Exception {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("external_dag_id", target.dagId());
        arguments.put("external_task_ids", target.taskIds());
        if (target.groupId() != null) {
            arguments.put("external_task_group_id", target.groupId());
        }
        arguments.put("allowed_states", target.allowed());
        arguments.put("failed_states", target.failed());
        arguments.put("skipped_states", target.skipped());
        arguments.put("logical_dates", logicalDates(task).stream().map(Instant::toString).toList());
        return new Trigger(TRIGGER, arguments, Instant.now(), sensor.pokeInterval(), timeoutAt);
    }

    @Override
    protected Object complete(RunningTask task, Map<String, Object> event) throws Exception {
        Object status = event.get("status");
        if ("failed".equals(status)) {
            throw new IllegalStateException("The external " + describe(target) + " failed.");
        }
        if ("skipped".equals(status)) {
            throw new io.updraft.api.SkipTaskException("The external " + describe(target) + " was skipped.");
        }
        return super.complete(task, event);
    }
}
