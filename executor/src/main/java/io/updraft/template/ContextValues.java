package io.updraft.template;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain (JSON-ready) part of Airflow's task context: ids, dates as Airflow formats them, params and conf.
 * Both the Jinja context and the Python runner's context are built from it.
 */
public final class ContextValues {

    private ContextValues() {
    }

    /** Context of one try of a task instance. */
    public static Map<String, Object> forTask(Dag dag, Task task, DagRun run, TaskInstance ti) {
        Map<String, Object> values = forRun(dag, run, task.params());
        values.put("task_id", task.taskId());
        values.put("task", taskAttributes(dag, task));
        values.put("map_index", ti.mapIndex());
        values.put("try_number", ti.tryNumber());
        values.put("max_tries", ti.maxTries());
        String suffix = run.logicalDate() == null ? run.runId() : AirflowDates.dsNodash(run.logicalDate());
        values.put("task_instance_key_str", dag.dagId() + "__" + task.taskId() + "__" + suffix);
        return values;
    }

    /** Context of a DAG run without a task (DAG callbacks). */
    public static Map<String, Object> forRun(Dag dag, DagRun run) {
        return forRun(dag, run, Map.of());
    }

    private static Map<String, Object> forRun(Dag dag, DagRun run, Map<String, Object> taskParams) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("dag_id", dag.dagId());
        values.put("dag", DagAttributes.of(dag));
        values.put("run_id", run.runId());
        values.put("run_type", run.runType() == null ? null : run.runType().value());
        Instant logicalDate = run.logicalDate();
        // Airflow 3 leaves every date key out for runs without a logical date
        if (logicalDate != null) {
            values.put("logical_date", AirflowDates.iso(logicalDate));
            values.put("ds", AirflowDates.ds(logicalDate));
            values.put("ds_nodash", AirflowDates.dsNodash(logicalDate));
            values.put("ts", AirflowDates.ts(logicalDate));
            values.put("ts_nodash", AirflowDates.tsNodash(logicalDate));
            values.put("ts_nodash_with_tz", AirflowDates.tsNodashWithTz(logicalDate));
            putDate(values, "data_interval_start", run.dataIntervalStart());
            putDate(values, "data_interval_end", run.dataIntervalEnd());
        }
        values.put("params", params(dag, taskParams, run));
        values.put("conf", new LinkedHashMap<>(run.conf()));
        return values;
    }

    /** DAG params overridden by task params, then by the run's conf ({@code dag_run_conf_overrides_params}). */
    public static Map<String, Object> params(Dag dag, Map<String, Object> taskParams, DagRun run) {
        Map<String, Object> params = new LinkedHashMap<>(dag.params());
        params.putAll(taskParams);
        params.putAll(run.conf());
        return params;
    }

    /** What templates and Python code read of {@code task} (Airflow's operator attributes). */
    static Map<String, Object> taskAttributes(Dag dag, Task task) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        String operator = task.operator().substring(task.operator().lastIndexOf('.') + 1);
        attributes.put("task_id", task.taskId());
        attributes.put("task_display_name", task.displayName() == null ? task.taskId() : task.displayName());
        attributes.put("dag_id", dag.dagId());
        attributes.put("task_type", operator);
        attributes.put("operator_name", operator);
        attributes.put("owner", task.owner());
        attributes.put("retries", task.retries());
        attributes.put("queue", task.queue());
        attributes.put("pool", task.pool());
        attributes.put("pool_slots", task.poolSlots());
        attributes.put("priority_weight", task.priorityWeight());
        attributes.put("trigger_rule", task.triggerRule().value());
        attributes.put("depends_on_past", task.dependsOnPast());
        attributes.put("upstream_task_ids", task.upstream().stream().sorted().toList());
        java.util.Set<String> downstream = dag.downstream(task.taskId());
        attributes.put("downstream_task_ids", downstream == null ? List.of() : downstream.stream().sorted().toList());
        return attributes;
    }

    private static void putDate(Map<String, Object> values, String key, Instant instant) {
        if (instant != null) {
            values.put(key, AirflowDates.iso(instant));
        }
    }
}
