package io.updraft.rest.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.updraft.rest.Dates;
import io.updraft.run.DagRun;
import java.util.List;
import java.util.Map;

/** Airflow 3's {@code DAGRunResponse}. */
public record DagRunResponse(
        @JsonProperty("dag_run_id") String dagRunId,
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("logical_date") String logicalDate,
        @JsonProperty("queued_at") String queuedAt,
        @JsonProperty("start_date") String startDate,
        @JsonProperty("end_date") String endDate,
        @JsonProperty("duration") Double duration,
        @JsonProperty("data_interval_start") String dataIntervalStart,
        @JsonProperty("data_interval_end") String dataIntervalEnd,
        @JsonProperty("run_after") String runAfter,
        @JsonProperty("last_scheduling_decision") String lastSchedulingDecision,
        @JsonProperty("run_type") String runType,
        @JsonProperty("state") String state,
        @JsonProperty("triggered_by") String triggeredBy,
        @JsonProperty("triggering_user_name") String triggeringUserName,
        @JsonProperty("conf") Map<String, Object> conf,
        @JsonProperty("note") String note,
        @JsonProperty("dag_versions") List<DagVersionResponse> dagVersions,
        @JsonProperty("bundle_version") String bundleVersion,
        @JsonProperty("dag_display_name") String dagDisplayName) {

    /** Airflow 3.3's partition of a partitioned timetable's run; Updraft has no partitioned timetables. */
    @JsonProperty("partition_key")
    public String partitionKey() {
        return null;
    }

    @JsonProperty("partition_date")
    public String partitionDate() {
        return null;
    }

    static DagRunResponse of(DagRun run, List<DagVersionResponse> versions, String displayName) {
        return new DagRunResponse(run.runId(), run.dagId(), Dates.iso(run.logicalDate()), Dates.iso(run.queuedAt()),
                Dates.iso(run.startDate()), Dates.iso(run.endDate()), Dates.seconds(run.startDate(), run.endDate()),
                Dates.iso(run.dataIntervalStart()), Dates.iso(run.dataIntervalEnd()), Dates.iso(run.runAfter()),
                Dates.iso(run.lastSchedulingDecision()), run.runType().value(), run.state().value(),
                run.triggeredBy(), null, run.conf(), run.note(), versions, null, displayName);
    }
}
