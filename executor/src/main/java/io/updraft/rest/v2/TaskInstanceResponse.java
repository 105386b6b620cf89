package io.updraft.rest.v2;

import io.updraft.secrets.SecretsMasker;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.updraft.json.Json;
import io.updraft.rest.Dates;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import java.util.Map;

/** Airflow 3's {@code TaskInstanceResponse} (also used for tries, where {@code id} is the instance's id). */
public record TaskInstanceResponse(
        @JsonProperty("id") String id,
        @JsonProperty("task_id") String taskId,
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("dag_run_id") String dagRunId,
        @JsonProperty("map_index") int mapIndex,
        @JsonProperty("logical_date") String logicalDate,
        @JsonProperty("run_after") String runAfter,
        @JsonProperty("start_date") String startDate,
        @JsonProperty("end_date") String endDate,
        @JsonProperty("duration") Double duration,
        @JsonProperty("state") String state,
        @JsonProperty("try_number") int tryNumber,
        @JsonProperty("max_tries") int maxTries,
        @JsonProperty("task_display_name") String taskDisplayName,
        @JsonProperty("dag_display_name") String dagDisplayName,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("unixname") String unixname,
        @JsonProperty("pool") String pool,
        @JsonProperty("pool_slots") int poolSlots,
        @JsonProperty("queue") String queue,
        @JsonProperty("priority_weight") int priorityWeight,
        @JsonProperty("operator") String operator,
        @JsonProperty("queued_when") String queuedWhen,
        @JsonProperty("scheduled_when") String scheduledWhen,
        @JsonProperty("pid") Integer pid,
        @JsonProperty("executor") String executor,
        @JsonProperty("executor_config") String executorConfig,
        @JsonProperty("note") String note,
        @JsonProperty("rendered_map_index") String renderedMapIndex,
        @JsonProperty("rendered_fields") Map<String, Object> renderedFields,
        @JsonProperty("trigger") Object trigger,
        @JsonProperty("triggerer_job") Object triggererJob,
        @JsonProperty("dag_version") DagVersionResponse dagVersion) {

    /** Airflow 3.3's operator name: a custom one when the operator sets it, else its class name, as here. */
    @JsonProperty("operator_name")
    public String operatorName() {
        return operator;
    }

    static TaskInstanceResponse of(TaskInstance ti, DagRun run, DagVersionResponse version, String dagDisplayName) {
        Map<String, Object> rendered = ti.renderedFields() == null ? Map.of()
                : SecretsMasker.global().redactFields(Json.readObject(ti.renderedFields()));
        return new TaskInstanceResponse(ti.id(), ti.taskId(), ti.dagId(), ti.runId(), ti.mapIndex(),
                run == null ? null : Dates.iso(run.logicalDate()), run == null ? null : Dates.iso(run.runAfter()),
                Dates.iso(ti.startDate()), Dates.iso(ti.endDate()), ti.duration(), ti.state().value(),
                ti.tryNumber(), ti.maxTries(), ti.taskId(), dagDisplayName, ti.hostname(), ti.unixname(),
                ti.pool(), ti.poolSlots(), ti.queue(), ti.priorityWeight(), shortName(ti.operator()),
                Dates.iso(ti.queuedDttm()), Dates.iso(ti.scheduledDttm()), ti.pid(), null, "{}", ti.note(),
                ti.renderedMapIndex() != null ? ti.renderedMapIndex()
                        : ti.mapIndex() >= 0 ? String.valueOf(ti.mapIndex()) : null, rendered, null, null, version);
    }

    /** Airflow reports the operator's class name, not its module path. */
    static String shortName(String operator) {
        if (operator == null) {
            return null;
        }
        int dot = operator.lastIndexOf('.');
        return dot < 0 ? operator : operator.substring(dot + 1);
    }
}
