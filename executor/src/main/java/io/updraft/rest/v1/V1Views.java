package io.updraft.rest.v1;

import io.updraft.dag.LoadedDags;
import io.updraft.run.RunStore;
import io.updraft.secrets.SecretsMasker;
import io.updraft.dag.Dag;
import io.updraft.dag.Schedule;
import io.updraft.json.Json;
import io.updraft.rest.Dates;
import io.updraft.run.DagRun;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.rest.FileTokens;
import io.updraft.rest.Lookup;
import io.updraft.dag.DagRecord;
import io.updraft.listing.Lists;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Airflow 2's response shapes: {@code execution_date}, {@code external_trigger}, {@code schedule_interval}. */
@Singleton
public class V1Views {

    private final Lookup lookup;
    private final LoadedDags loadedDags;
    private final RunStore runStore;

    public V1Views(Lookup lookup, LoadedDags loadedDags, RunStore runStore) {
        this.lookup = lookup;
        this.loadedDags = loadedDags;
        this.runStore = runStore;
    }

    Map<String, Object> dag(DagRecord record) {
        Dag dag = loadedDags.find(record.dagId()).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_id", record.dagId());
        body.put("dag_display_name", record.dagDisplayName() == null ? record.dagId() : record.dagDisplayName());
        body.put("root_dag_id", null);
        body.put("is_paused", record.isPaused());
        body.put("is_active", !record.isStale());
        body.put("is_subdag", false);
        body.put("last_parsed_time", Dates.iso(record.lastParsedTime()));
        body.put("last_pickled", null);
        body.put("last_expired", null);
        body.put("scheduler_lock", null);
        body.put("pickle_id", null);
        body.put("default_view", "grid");
        body.put("fileloc", record.fileloc());
        body.put("file_token", FileTokens.of(record.fileloc()));
        body.put("owners", record.owners() == null || record.owners().isBlank() ? List.of()
                : Arrays.stream(record.owners().split(",")).map(String::trim).toList());
        body.put("description", record.description());
        body.put("schedule_interval", dag == null ? null : scheduleInterval(dag.schedule()));
        body.put("timetable_description", record.timetableSummary());
        body.put("tags", record.tags().stream().map(tag -> Map.of("name", tag)).toList());
        body.put("max_active_tasks", record.maxActiveTasks());
        body.put("max_active_runs", record.maxActiveRuns());
        body.put("has_task_concurrency_limits", false);
        body.put("has_import_errors", record.hasImportErrors());
        body.put("next_dagrun", Dates.iso(record.nextDagrun()));
        body.put("next_dagrun_data_interval_start", Dates.iso(record.nextDagrunDataIntervalStart()));
        body.put("next_dagrun_data_interval_end", Dates.iso(record.nextDagrunDataIntervalEnd()));
        body.put("next_dagrun_create_after", Dates.iso(record.nextDagrunCreateAfter()));
        body.put("max_consecutive_failed_dag_runs", 0);
        return body;
    }

    /** Airflow 2's ScheduleInterval: a cron expression or a timedelta as a typed object, null for none. */
    static Map<String, Object> scheduleInterval(Schedule schedule) {
        return switch (schedule.kind()) {
            case NONE -> null;
            case CRON -> Map.of("__type", "CronExpression", "value", schedule.expression());
            case ONCE -> Map.of("__type", "CronExpression", "value", "@once");
            case CONTINUOUS -> Map.of("__type", "CronExpression", "value", "@continuous");
            case DELTA -> timeDelta(schedule.interval());
        };
    }

    static Map<String, Object> timeDelta(Duration duration) {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("__type", "TimeDelta");
        delta.put("days", duration.toDays());
        delta.put("seconds", duration.toSecondsPart() + duration.toMinutesPart() * 60L + duration.toHoursPart() * 3600L);
        delta.put("microseconds", duration.toNanosPart() / 1000);
        return delta;
    }

    static Map<String, Object> run(DagRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", run.runId());
        body.put("dag_id", run.dagId());
        body.put("logical_date", Dates.iso(run.logicalDate()));
        body.put("execution_date", Dates.iso(run.logicalDate()));
        body.put("start_date", Dates.iso(run.startDate()));
        body.put("end_date", Dates.iso(run.endDate()));
        body.put("data_interval_start", Dates.iso(run.dataIntervalStart()));
        body.put("data_interval_end", Dates.iso(run.dataIntervalEnd()));
        body.put("last_scheduling_decision", Dates.iso(run.lastSchedulingDecision()));
        // Airflow 2 has neither asset nor operator-triggered runs: its names for them
        body.put("run_type", run.runType() == RunType.ASSET_TRIGGERED ? "dataset_triggered"
                : run.runType() == RunType.OPERATOR_TRIGGERED ? "manual" : run.runType().value());
        body.put("state", run.state().value());
        // Airflow 2 marks runs not created by the scheduler as external
        body.put("external_trigger", run.runType() == RunType.MANUAL
                || run.runType() == RunType.OPERATOR_TRIGGERED);
        body.put("conf", run.conf());
        body.put("note", run.note());
        return body;
    }

    Map<String, Object> taskInstance(TaskInstance ti) {
        return taskInstance(ti, runStore.findRun(ti.dagId(), ti.runId()).orElse(null));
    }

    /** The runs of all the instances are read in one query, not one per instance. */
    List<Map<String, Object>> taskInstances(List<TaskInstance> tis) {
        Map<Lists.RunKey, DagRun> runs = lookup.lists().runs(tis.stream()
                .map(ti -> new Lists.RunKey(ti.dagId(), ti.runId())).toList());
        return tis.stream().map(ti -> taskInstance(ti, runs.get(new Lists.RunKey(ti.dagId(), ti.runId()))))
                .toList();
    }

    private static Map<String, Object> taskInstance(TaskInstance ti, DagRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", ti.taskId());
        body.put("task_display_name", ti.taskId());
        body.put("dag_id", ti.dagId());
        body.put("dag_run_id", ti.runId());
        body.put("execution_date", run == null ? null : Dates.iso(run.logicalDate()));
        body.put("start_date", Dates.iso(ti.startDate()));
        body.put("end_date", Dates.iso(ti.endDate()));
        body.put("duration", ti.duration());
        body.put("state", ti.state().value());
        body.put("try_number", ti.tryNumber());
        body.put("map_index", ti.mapIndex());
        body.put("max_tries", ti.maxTries());
        body.put("hostname", ti.hostname() == null ? "" : ti.hostname());
        body.put("unixname", ti.unixname());
        body.put("pool", ti.pool());
        body.put("pool_slots", ti.poolSlots());
        body.put("queue", ti.queue());
        body.put("priority_weight", ti.priorityWeight());
        body.put("operator", shortName(ti.operator()));
        body.put("queued_when", Dates.iso(ti.queuedDttm()));
        body.put("pid", ti.pid());
        body.put("executor", null);
        body.put("executor_config", "{}");
        body.put("sla_miss", null);
        body.put("rendered_map_index", ti.renderedMapIndex() != null ? ti.renderedMapIndex()
                : ti.mapIndex() >= 0 ? String.valueOf(ti.mapIndex()) : null);
        body.put("rendered_fields", ti.renderedFields() == null ? Map.of()
                : SecretsMasker.global().redactFields(Json.readObject(ti.renderedFields())));
        body.put("trigger", null);
        body.put("triggerer_job", null);
        body.put("note", ti.note());
        return body;
    }

    private static String shortName(String operator) {
        if (operator == null) {
            return null;
        }
        return operator.substring(operator.lastIndexOf('.') + 1);
    }
}
