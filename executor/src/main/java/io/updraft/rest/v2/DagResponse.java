package io.updraft.rest.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.updraft.rest.Dates;
import io.updraft.dag.DagRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Airflow 3's {@code DAGResponse}. */
public record DagResponse(
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("dag_display_name") String dagDisplayName,
        @JsonProperty("is_paused") boolean isPaused,
        @JsonProperty("is_stale") boolean isStale,
        @JsonProperty("last_parsed_time") String lastParsedTime,
        @JsonProperty("last_parse_duration") Double lastParseDuration,
        @JsonProperty("last_expired") String lastExpired,
        @JsonProperty("bundle_name") String bundleName,
        @JsonProperty("bundle_version") String bundleVersion,
        @JsonProperty("relative_fileloc") String relativeFileloc,
        @JsonProperty("fileloc") String fileloc,
        @JsonProperty("description") String description,
        @JsonProperty("timetable_summary") String timetableSummary,
        @JsonProperty("timetable_description") String timetableDescription,
        @JsonProperty("tags") List<Map<String, String>> tags,
        @JsonProperty("max_active_tasks") Integer maxActiveTasks,
        @JsonProperty("max_active_runs") Integer maxActiveRuns,
        @JsonProperty("max_consecutive_failed_dag_runs") int maxConsecutiveFailedDagRuns,
        @JsonProperty("has_task_concurrency_limits") boolean hasTaskConcurrencyLimits,
        @JsonProperty("has_import_errors") boolean hasImportErrors,
        @JsonProperty("next_dagrun_logical_date") String nextDagrunLogicalDate,
        @JsonProperty("next_dagrun_data_interval_start") String nextDagrunDataIntervalStart,
        @JsonProperty("next_dagrun_data_interval_end") String nextDagrunDataIntervalEnd,
        @JsonProperty("next_dagrun_run_after") String nextDagrunRunAfter,
        @JsonProperty("owners") List<String> owners,
        @JsonProperty("file_token") String fileToken,
        @JsonProperty("is_backfillable") boolean isBackfillable,
        @JsonProperty("timetable_periodic") boolean timetablePeriodic,
        @JsonProperty("timetable_partitioned") boolean timetablePartitioned) {

    /** Airflow 3.3's restriction of the run types a DAG allows; null: every type (Updraft has no restriction). */
    @JsonProperty("allowed_run_types")
    public java.util.List<String> allowedRunTypes() {
        return null;
    }

    public static DagResponse of(DagRecord dag, java.nio.file.Path dagsFolder) {
        return new DagResponse(dag.dagId(), dag.dagDisplayName() == null ? dag.dagId() : dag.dagDisplayName(),
                dag.isPaused(), dag.isStale(), Dates.iso(dag.lastParsedTime()), null, null, "dags-folder", null,
                relative(dag.fileloc(), dagsFolder), dag.fileloc(), dag.description(), dag.timetableSummary(),
                dag.timetableSummary(), tags(dag), dag.maxActiveTasks(), dag.maxActiveRuns(), 0, false,
                dag.hasImportErrors(), Dates.iso(dag.nextDagrun()), Dates.iso(dag.nextDagrunDataIntervalStart()),
                Dates.iso(dag.nextDagrunDataIntervalEnd()), Dates.iso(dag.nextDagrunCreateAfter()), owners(dag),
                io.updraft.rest.FileTokens.of(dag.fileloc()), periodic(dag), periodic(dag), false);
    }

    /** Cron and interval schedules repeat (and can be backfilled); None, @once and @continuous do not. */
    static boolean periodic(DagRecord dag) {
        String summary = dag.timetableSummary();
        return summary != null && !summary.isBlank() && !summary.equalsIgnoreCase("None")
                && !summary.equals("@once") && !summary.equals("@continuous") && !summary.equals("Asset");
    }

    static List<Map<String, String>> tags(DagRecord dag) {
        String displayName = dag.dagDisplayName() == null ? dag.dagId() : dag.dagDisplayName();
        return dag.tags().stream().map(tag -> Map.of("name", tag, "dag_id", dag.dagId(),
                "dag_display_name", displayName)).toList();
    }

    static List<String> owners(DagRecord dag) {
        if (dag.owners() == null || dag.owners().isBlank()) {
            return List.of();
        }
        return Arrays.stream(dag.owners().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String relative(String fileloc, java.nio.file.Path dagsFolder) {
        if (fileloc == null) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(fileloc).toAbsolutePath().normalize();
        java.nio.file.Path folder = dagsFolder.toAbsolutePath().normalize();
        return file.startsWith(folder) ? folder.relativize(file).toString() : fileloc;
    }
}
