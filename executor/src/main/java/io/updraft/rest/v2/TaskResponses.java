package io.updraft.rest.v2;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.operator.OperatorRegistry;
import io.updraft.rest.Dates;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Airflow 3's {@code TaskResponse} (a map: several values are Airflow's nested objects, like TimeDelta). */
final class TaskResponses {

    private TaskResponses() {
    }

    static Map<String, Object> of(Dag dag, Task task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", task.taskId());
        body.put("task_display_name", task.displayName() == null ? task.taskId() : task.displayName());
        body.put("owner", task.owner());
        body.put("start_date", Dates.iso(dag.startDate()));
        body.put("end_date", Dates.iso(dag.endDate()));
        body.put("trigger_rule", task.triggerRule() == null ? null : task.triggerRule().value());
        body.put("depends_on_past", task.dependsOnPast());
        body.put("wait_for_downstream", task.waitForDownstream());
        body.put("retries", (double) task.retries());
        body.put("queue", task.queue());
        body.put("pool", task.pool());
        body.put("pool_slots", (double) task.poolSlots());
        body.put("execution_timeout", timeDelta(task.executionTimeout()));
        body.put("retry_delay", timeDelta(task.retryDelay()));
        // Airflow 3.1 made this a multiplier (0 = off, 2 = the classic doubling); clients expect a number
        body.put("retry_exponential_backoff", task.retryExponentialBackoff() ? 2.0 : 0.0);
        body.put("priority_weight", (double) task.priorityWeight());
        body.put("weight_rule", task.weightRule() == null ? null : task.weightRule().value());
        body.put("ui_color", "#fff");
        body.put("ui_fgcolor", "#000");
        body.put("template_fields", List.of());
        body.put("downstream_task_ids", List.copyOf(dag.downstream(task.taskId())));
        body.put("doc_md", null);
        body.put("operator_name", OperatorRegistry.operatorName(task.operator()));
        body.put("params", task.params());
        body.put("class_ref", classRef(task.operator()));
        body.put("is_mapped", task.isMapped());
        body.put("extra_links", List.of());
        return body;
    }

    private static Map<String, Object> classRef(String operator) {
        Map<String, Object> ref = new LinkedHashMap<>();
        int dot = operator == null ? -1 : operator.lastIndexOf('.');
        ref.put("module_path", dot < 0 ? null : operator.substring(0, dot));
        ref.put("class_name", TaskInstanceResponse.shortName(operator));
        return ref;
    }

    /** Airflow's serialised timedelta. */
    static Map<String, Object> timeDelta(Duration duration) {
        if (duration == null) {
            return null;
        }
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("__type", "TimeDelta");
        delta.put("days", duration.toDays());
        delta.put("seconds", duration.toSecondsPart() + duration.toMinutesPart() * 60L + duration.toHoursPart() * 3600L);
        delta.put("microseconds", duration.toNanosPart() / 1000);
        return delta;
    }
}
