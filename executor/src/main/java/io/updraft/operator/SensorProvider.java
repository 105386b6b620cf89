package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.dag.PythonCallable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Airflow 3's sensors (standard provider: TimeDeltaSensor, DateTimeSensor, FileSensor, PythonSensor,
 * ExternalTaskSensor; http provider: HttpSensor) and the TriggerDagRunOperator, under their Airflow 3 class paths and
 * the {@code airflow.sensors.*} / {@code airflow.operators.*} aliases Airflow 3 still resolves.
 */
public final class SensorProvider implements OperatorProvider {

    private enum Kind { TIME_DELTA, DATE_TIME, FILE, PYTHON, EXTERNAL_TASK, HTTP, TRIGGER_DAG_RUN }

    private static final Map<String, Kind> KINDS = kinds();

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new HashMap<>();
        for (String module : List.of("airflow.providers.standard.sensors", "airflow.sensors")) {
            kinds.put(module + ".time_delta.TimeDeltaSensor", Kind.TIME_DELTA);
            kinds.put(module + ".time_delta.TimeDeltaSensorAsync", Kind.TIME_DELTA);
            kinds.put(module + ".date_time.DateTimeSensor", Kind.DATE_TIME);
            kinds.put(module + ".date_time.DateTimeSensorAsync", Kind.DATE_TIME);
            kinds.put(module + ".filesystem.FileSensor", Kind.FILE);
            kinds.put(module + ".python.PythonSensor", Kind.PYTHON);
            kinds.put(module + ".external_task.ExternalTaskSensor", Kind.EXTERNAL_TASK);
        }
        kinds.put("airflow.providers.http.sensors.http.HttpSensor", Kind.HTTP);
        kinds.put("airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator", Kind.TRIGGER_DAG_RUN);
        kinds.put("airflow.operators.trigger_dagrun.TriggerDagRunOperator", Kind.TRIGGER_DAG_RUN);
        return Map.copyOf(kinds);
    }

    @Override
    public Set<String> operatorNames() {
        return KINDS.keySet();
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        Kind kind = KINDS.get(operatorName);
        if (kind == Kind.TRIGGER_DAG_RUN) {
            Arguments.requiredString(arguments, "trigger_dag_id");
            SensorArguments.duration(arguments, "poke_interval", null);
            return;
        }
        SensorArguments.of(arguments);
        switch (kind) {
            case TIME_DELTA -> TimeSensors.TimeDeltaSensor.delta(arguments.get("delta"));
            case DATE_TIME -> required(arguments, "target_time");
            case FILE -> required(arguments, "filepath");
            case PYTHON -> PythonOperatorProvider.callableOf(arguments);
            case EXTERNAL_TASK -> externalTarget(arguments);
            case HTTP -> callable(arguments, "response_check");
            default -> {
            }
        }
        if (operatorName.endsWith("Async") && Boolean.FALSE.equals(arguments.get("deferrable"))) {
            throw new IllegalArgumentException(operatorName + " always defers");
        }
        if ((kind == Kind.DATE_TIME && !operatorName.endsWith("Async") || kind == Kind.PYTHON)
                && arguments.containsKey("deferrable")) { // as Airflow 3.3: these two take no deferrable
            throw new IllegalArgumentException("Invalid arguments were passed to "
                    + operatorName.substring(operatorName.lastIndexOf('.') + 1) + ". Invalid arguments were: "
                    + "**kwargs: {'deferrable': " + arguments.get("deferrable") + "}"
                    + (kind == Kind.DATE_TIME ? " (use DateTimeSensorAsync to defer)" : ""));
        }
    }

    private static void required(Map<String, Object> arguments, String name) {
        if (arguments.get(name) == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    @Override
    public Set<String> templateFields(String operatorName) {
        return switch (KINDS.get(operatorName)) {
            case TIME_DELTA -> Set.of("delta");
            case DATE_TIME -> Set.of("target_time");
            case FILE -> Set.of("filepath");
            case PYTHON -> Set.of("templates_dict", "op_args", "op_kwargs");
            case EXTERNAL_TASK -> Set.of("external_dag_id", "external_task_id", "external_task_ids",
                    "external_task_group_id");
            case HTTP -> Set.of("endpoint", "request_params", "headers");
            case TRIGGER_DAG_RUN -> Set.of("trigger_dag_id", "trigger_run_id", "logical_date", "conf",
                    "wait_for_completion", "skip_when_already_exists");
        };
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        Kind kind = KINDS.get(operatorName);
        if (kind == Kind.TRIGGER_DAG_RUN) {
            return triggerDagRun(arguments);
        }
        Map<String, Object> effective = arguments;
        if (operatorName.endsWith("Async")) {
            effective = new HashMap<>(arguments);
            effective.put("deferrable", true);
        }
        SensorArguments sensor = SensorArguments.of(effective);
        return switch (kind) {
            case TIME_DELTA -> new TimeSensors.TimeDeltaSensor(sensor, arguments.get("delta"));
            case DATE_TIME -> new TimeSensors.DateTimeSensor(sensor, arguments.get("target_time"));
            case FILE -> new FileSensor(sensor, Arguments.string(arguments, "fs_conn_id", "fs_default"),
                    String.valueOf(arguments.get("filepath")), Arguments.bool(arguments, "recursive", false));
            case PYTHON -> new PythonSensor(sensor, PythonOperatorProvider.callableOf(arguments),
                    orEmpty(Arguments.list(arguments, "op_args")), orEmpty(Arguments.map(arguments, "op_kwargs")),
                    arguments.get("templates_dict"));
            case EXTERNAL_TASK -> new ExternalTaskSensor(sensor, externalTarget(arguments),
                    callable(arguments, "execution_date_fn"));
            case HTTP -> new HttpSensor(sensor, new HttpOperator.Request(
                    Arguments.string(arguments, "http_conn_id", "http_default"),
                    Arguments.string(arguments, "method", "GET").toUpperCase(java.util.Locale.ROOT),
                    Arguments.string(arguments, "endpoint", ""), arguments.get("request_params"),
                    Arguments.map(arguments, "headers"), false),
                    strings(arguments, "response_error_codes_allowlist", List.of("404")),
                    callable(arguments, "response_check"));
            default -> throw new IllegalStateException(operatorName);
        };
    }

    private static ExternalTaskSensor.Target externalTarget(Map<String, Object> arguments) {
        List<String> taskIds = strings(arguments, "external_task_ids", List.of());
        String taskId = Arguments.string(arguments, "external_task_id", null);
        if (taskId != null) {
            taskIds = List.of(taskId);
        }
        String groupId = Arguments.string(arguments, "external_task_group_id", null);
        boolean watchesTasks = !taskIds.isEmpty() || groupId != null;
        List<String> allowed = strings(arguments, "allowed_states", List.of("success"));
        List<String> failed = strings(arguments, "failed_states", List.of());
        Duration delta = executionDelta(arguments.get("execution_delta"));
        if (delta != null && callable(arguments, "execution_date_fn") != null) {
            throw new IllegalArgumentException("Only one of `execution_delta` or `execution_date_fn` may be provided "
                    + "to ExternalTaskSensor; not both.");
        }
        return new ExternalTaskSensor.Target(Arguments.requiredString(arguments, "external_dag_id"), taskIds,
                groupId, allowed, failed, strings(arguments, "skipped_states", List.of()), delta);
    }

    /** dag-factory reads execution_delta with get_time_delta: only text such as "1 days" or "2 hours". */
    private static Duration executionDelta(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("execution_delta must be text such as \"1 days\" or \"2 hours\" "
                    + "(dag-factory reads it with get_time_delta, which fails on " + Arguments.describe(value) + ")");
        }
        return SensorArguments.duration(Map.of("execution_delta", value), "execution_delta", null);
    }

    /**
     * A function argument as dag-factory builds it: {@code KEY} as a dotted import path, {@code KEY_name} +
     * {@code KEY_file}, or a {@code KEY_lambda} expression; null when none is given.
     */
    static PythonCallable callable(Map<String, Object> arguments, String key) {
        Object dotted = arguments.get(key);
        String name = Arguments.string(arguments, key + "_name", null);
        String file = Arguments.string(arguments, key + "_file", null);
        String lambda = Arguments.string(arguments, key + "_lambda", null);
        if (dotted != null) {
            if (!(dotted instanceof String path) || !path.matches("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)+")) {
                throw new IllegalArgumentException(key + " must be a dotted path such as 'package.module.function', "
                        + "got " + Arguments.describe(dotted));
            }
            return PythonCallable.dotted(path);
        }
        if (name != null || file != null) {
            if (name == null || file == null) {
                throw new IllegalArgumentException(key + "_name and " + key + "_file must be given together");
            }
            if (!java.nio.file.Path.of(file).isAbsolute() || !java.nio.file.Files.isRegularFile(
                    java.nio.file.Path.of(file))) {
                throw new IllegalArgumentException(key + "_file must be an existing file's absolute path (dag-factory "
                        + "examples write $CONFIG_ROOT_DIR/file.py), not '" + file + "'");
            }
            return PythonCallable.fromFile(file, name);
        }
        if (lambda != null) {
            if (!lambda.strip().startsWith("lambda")) {
                throw new IllegalArgumentException(key + "_lambda must be a lambda expression, got '" + lambda + "'");
            }
            return PythonCallable.dotted(lambda.strip());
        }
        return null;
    }

    private static TriggerDagRunOperator triggerDagRun(Map<String, Object> arguments) {
        Object conf = arguments.get("conf");
        if (conf instanceof String text && !text.isBlank()) {
            conf = io.updraft.json.Json.readObject(text);
        }
        if (conf != null && !(conf instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("conf parameter should be JSON Serializable: " + conf);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> confMap = conf == null ? Map.of() : (Map<String, Object>) conf;
        return new TriggerDagRunOperator(new TriggerDagRunOperator.Settings(
                Arguments.requiredString(arguments, "trigger_dag_id"),
                Arguments.string(arguments, "trigger_run_id", null), arguments.get("logical_date"),
                arguments.containsKey("logical_date"), confMap, Arguments.string(arguments, "note", null),
                Arguments.bool(arguments, "reset_dag_run", false),
                Arguments.bool(arguments, "wait_for_completion", false),
                SensorArguments.duration(arguments, "poke_interval", Duration.ofSeconds(60)),
                strings(arguments, "allowed_states", List.of("success")),
                strings(arguments, "failed_states", List.of("failed")),
                Arguments.bool(arguments, "skip_when_already_exists", false),
                Arguments.bool(arguments, "deferrable", false),
                Arguments.bool(arguments, "fail_when_dag_is_paused", false)));
    }

    private static List<String> strings(Map<String, Object> arguments, String name, List<String> defaultValue) {
        Object value = arguments.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException(name + " must be a list of strings, got " + Arguments.describe(value));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }
}
