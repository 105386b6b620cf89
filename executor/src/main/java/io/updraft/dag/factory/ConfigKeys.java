package io.updraft.dag.factory;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Task;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The keys dag-factory 1.x gives meaning to, grouped by what the loader does with them. */
final class ConfigKeys {

    /** Task keys read into {@link Task} fields, from the task or else from default_args. */
    static final Set<String> TASK_FIELDS = Set.of("trigger_rule", "retries", "retry_delay",
            "retry_exponential_backoff", "max_retry_delay", "execution_timeout", "pool", "pool_slots",
            "priority_weight", "weight_rule", "depends_on_past", "wait_for_downstream", "owner", "queue",
            "do_xcom_push", "multiple_outputs", "task_display_name", "params", "start_date", "end_date");

    /** Task keys dag-factory itself consumes to shape the task. */
    static final Set<String> TASK_STRUCTURE = Set.of("task_id", "operator", "decorator", "dependencies",
            "task_group_name", "python_callable", "python_callable_name", "python_callable_file", "expand", "partial");

    /** Other BaseOperator arguments: valid in default_args, passed to each task's arguments unless it sets them. */
    static final Set<String> OTHER_BASE_OPERATOR = Set.of("email", "email_on_retry", "email_on_failure", "sla",
            "executor", "executor_config", "resources", "run_as_user", "max_active_tis_per_dag",
            "max_active_tis_per_dagrun", "task_concurrency", "inlets", "outlets", "doc", "doc_md", "doc_json",
            "doc_yaml", "doc_rst", "map_index_template", "ignore_first_depends_on_past",
            "wait_for_past_depends_before_skipping", "retry_delay_multiplier", "logger_name",
            "allow_nested_operators", "pre_execute", "post_execute");

    /** default_args keys dag-factory reads for the DAG itself rather than for tasks. */
    static final Set<String> DEFAULT_ARGS_DAG_KEYS = Set.of("start_date", "end_date", "timezone");

    /** Every spelling of a task callback: the key and its _name / _file pair. */
    static final Set<String> CALLBACK_KEYS = Arrays.stream(CallbackKind.values())
            .flatMap(kind -> Stream.of(kind.key(), kind.key() + "_name", kind.key() + "_file"))
            .collect(Collectors.toUnmodifiableSet());

    /** DAG-level keys the loader reads. */
    static final Set<String> DAG_KEYS = Set.of("description", "dag_display_name", "doc_md", "doc_md_file_path",
            "schedule", "start_date", "end_date", "timezone", "catchup", "max_active_runs", "max_active_tasks",
            "concurrency", "dagrun_timeout", "tags", "params", "render_template_as_native_obj",
            "is_paused_upon_creation", "user_defined_macros", "user_defined_filters", "default_args", "tasks",
            "task_groups",
            "on_success_callback", "on_success_callback_name", "on_success_callback_file",
            "on_failure_callback", "on_failure_callback_name", "on_failure_callback_file");

    /** DAG-level keys dag-factory accepts that Updraft does not implement (yet): ignored with a warning. */
    static final Set<String> DAG_KEYS_NOT_SUPPORTED = Set.of("timetable", "default_view", "orientation",
            "template_searchpath", "access_control", "doc_md_python_callable_file",
            "doc_md_python_callable_name", "doc_md_python_arguments", "sla_miss_callback",
            "sla_miss_callback_name", "sla_miss_callback_file", "on_execute_callback", "on_execute_callback_name",
            "on_execute_callback_file");

    /** Task-group keys; any other would be rejected by Airflow's TaskGroup. */
    static final Set<String> TASK_GROUP_KEYS = Set.of("group_name", "tooltip", "dependencies", "parent_group_name",
            "default_args", "prefix_group_id", "ui_color", "ui_fgcolor", "add_suffix_on_collision");

    /** Keys dag-factory 1.0 removed (PR #512), with what replaced them. */
    private static final Map<String, String> REMOVED = Map.of("retry_delay_sec", "retry_delay", "sla_secs", "sla",
            "execution_timeout_secs", "execution_timeout", "dagrun_timeout_sec", "dagrun_timeout",
            "execution_delta_secs", "execution_delta");

    private ConfigKeys() {
    }

    /** The key replacing a removed {@code *_sec} / {@code *_secs} key, or null when {@code key} was not removed. */
    static String replacementOfRemoved(String key) {
        String known = REMOVED.get(key);
        if (known != null) {
            return known;
        }
        if (key.endsWith("_secs")) {
            return key.substring(0, key.length() - "_secs".length());
        }
        return key.endsWith("_sec") ? key.substring(0, key.length() - "_sec".length()) : null;
    }

    static String removedKeyWarning(String key, String replacement) {
        return "'" + key + "' was removed in dag-factory 1.0 and is ignored; use '" + replacement
                + "' with {__type__: datetime.timedelta, seconds: N}";
    }

    /** Every key a task may set that dag-factory or BaseOperator gives meaning to (for "did you mean"). */
    static Set<String> taskKeys() {
        return TASK_KEYS;
    }

    private static final Set<String> TASK_KEYS = Stream.of(TASK_FIELDS, TASK_STRUCTURE, OTHER_BASE_OPERATOR,
            CALLBACK_KEYS).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    static boolean isDefaultArgsKey(String key) {
        return TASK_FIELDS.contains(key) || OTHER_BASE_OPERATOR.contains(key) || DEFAULT_ARGS_DAG_KEYS.contains(key)
                || CALLBACK_KEYS.contains(key);
    }
}
