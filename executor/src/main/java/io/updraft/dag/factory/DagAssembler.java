package io.updraft.dag.factory;

import io.updraft.dag.AssetCondition;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.DagAssets;
import io.updraft.dag.OperatorCatalog;
import io.updraft.dag.Schedule;
import io.updraft.dag.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Builds one {@link Dag} from its resolved config (defaults already merged), with dag-factory 1.x semantics for the
 * DAG-level keys; tasks are left to {@link DagTasksReader}. Unknown DAG-level and default_args keys are warned
 * about, never fatal. Holds no state between DAGs: one instance can build many, from several threads.
 */
final class DagAssembler {

    /** A Python callable's dotted path: module.function. */
    private static final String DOTTED_PATH = "[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)+";

    private final OperatorCatalog catalog;
    private final DateValues dates;
    private final String fileloc;
    private final Path folder;
    private final LoadLimits limits;

    /** @param folder the DAGs folder: files a DAG reads (doc_md_file_path) must be inside it, unless allowed */
    DagAssembler(OperatorCatalog catalog, DateValues dates, String fileloc, Path folder, LoadLimits limits) {
        this.catalog = catalog;
        this.dates = dates;
        this.fileloc = fileloc;
        this.folder = folder;
        this.limits = limits;
    }

    /**
     * @throws ConfigException naming the key that keeps this DAG from loading
     * @throws ConfigErrors.Failed when several keys do: every error that can be found in one pass
     */
    Dag assemble(String dagId, Map<String, Object> config, ConfigWarnings warnings) {
        ConfigPath path = ConfigPath.of(dagId);
        ConfigErrors errors = new ConfigErrors();
        errors.attempt(() -> checkDagKeys(config, path, warnings));
        RemovedInAirflow3.checkTypes(config, path, errors);
        ConfigPath argsPath = path.child("default_args");
        Map<String, Object> defaultArgs = errors.attempt(() -> ConfigValues.map(config.get("default_args"), argsPath),
                Map.of());
        checkDefaultArgsKeys(defaultArgs, argsPath, warnings);

        Dag.Builder dag = Dag.builder(dagId).fileloc(fileloc).versionHash(VersionHash.of(config));
        Instant[] dagDates = errors.attempt(() -> readDates(dag, config, defaultArgs, path), new Instant[2]);
        errors.attempt(() -> readDescriptions(dag, config, path));
        Schedule schedule = errors.attempt(() -> ScheduleReader.read(config.get("schedule"), path.child("schedule"),
                warnings), null);
        if (schedule != null) {
            dag.schedule(schedule);
        }
        errors.attempt(() -> readRunLimits(dag, config, path));
        errors.attempt(() -> {
            // as Airflow 3.3's DAG: catching up needs a start_date, for any schedule that creates runs
            if (schedule != null && !schedule.equals(Schedule.NONE) && dagDates[0] == null
                    && ConfigValues.bool(config.getOrDefault("catchup", false), path.child("catchup"))) {
                throw new ConfigException(path.child("catchup"), "start_date is required when catchup=True");
            }
        });
        errors.attempt(() -> {
            if (config.get("tags") != null) {
                dag.tags(ConfigValues.strings(config.get("tags"), path.child("tags")));
            }
        });
        errors.attempt(() -> dag.params(ConfigValues.map(config.get("params"), path.child("params"))));
        errors.attempt(() -> readFlags(dag, config, path));
        for (CallbackKind kind : new CallbackKind[] {CallbackKind.ON_SUCCESS, CallbackKind.ON_FAILURE}) {
            errors.attempt(() -> {
                if (CallbackReader.isSet(config, kind)) {
                    dag.callbacks(kind, CallbackReader.read(config, kind, path));
                }
            });
        }
        errors.attempt(() -> {
            DagTasksReader.Result tasks = new DagTasksReader(catalog, warnings, dates).read(config, defaultArgs, path);
            tasks.tasks().forEach(task -> dag.task(withDagDates(task, dagDates[0], dagDates[1])));
            tasks.groups().forEach(dag::taskGroup);
            dag.assets(readAssets(config, tasks.tasks(), path, warnings, errors));
        });
        errors.throwIfAny();
        dag.warnings(warnings.messages());
        try {
            return dag.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }

    /** The asset schedule and each task's outlets and inlets; an unreadable one is an error naming its key. */
    private static DagAssets readAssets(Map<String, Object> config, java.util.List<Task> tasks, ConfigPath path,
                                        ConfigWarnings warnings, ConfigErrors errors) {
        AssetReader reader = new AssetReader(warnings);
        Object schedule = config.get("schedule");
        AssetCondition condition = AssetReader.isAssetSchedule(schedule)
                ? errors.attempt(() -> reader.schedule(schedule, path.child("schedule")), null) : null;
        if (ScheduleReader.isAssetOrTime(schedule) && ((Map<?, ?>) schedule).get("assets") != null) {
            Object assets = ((Map<?, ?>) schedule).get("assets");
            condition = errors.attempt(() -> reader.assetOrTimeAssets(assets, path.child("schedule").child("assets")),
                    null);
        }
        Map<String, DagAssets.TaskAssets> taskAssets = new java.util.LinkedHashMap<>();
        for (Task task : tasks) {
            ConfigPath taskPath = path.child("tasks").child(task.taskId());
            AssetReader.Items outlets = task.arguments().get("outlets") == null ? null : errors.attempt(
                    () -> reader.items(task.arguments().get("outlets"), taskPath.child("outlets")), null);
            AssetReader.Items inlets = task.arguments().get("inlets") == null ? null : errors.attempt(
                    () -> reader.items(task.arguments().get("inlets"), taskPath.child("inlets")), null);
            if (outlets != null || inlets != null) {
                taskAssets.put(task.taskId(), new DagAssets.TaskAssets(
                        outlets == null ? java.util.List.of() : outlets.assets(),
                        outlets == null ? java.util.List.of() : outlets.aliases(),
                        inlets == null ? java.util.List.of() : inlets.assets()));
            }
        }
        return condition == null && taskAssets.isEmpty() ? DagAssets.NONE : new DagAssets(condition, taskAssets);
    }

    /**
     * As Airflow's DAG.add_task: a task starts at the later of its own start_date and the DAG's, and ends at the
     * earlier of the end dates; without its own, it takes the DAG's.
     */
    private static Task withDagDates(Task task, Instant dagStart, Instant dagEnd) {
        Instant start = task.startDate() == null ? dagStart
                : dagStart == null || task.startDate().isAfter(dagStart) ? task.startDate() : dagStart;
        Instant end = task.endDate() == null ? dagEnd
                : dagEnd == null || task.endDate().isBefore(dagEnd) ? task.endDate() : dagEnd;
        return task.toBuilder().startDate(start).endDate(end).build();
    }

    private static void readFlags(Dag.Builder dag, Map<String, Object> config, ConfigPath path) {
        if (config.containsKey("render_template_as_native_obj")) {
            dag.renderTemplateAsNativeObj(ConfigValues.bool(config.get("render_template_as_native_obj"),
                    path.child("render_template_as_native_obj")));
        }
        if (config.get("user_defined_macros") != null) {
            dag.userDefinedMacros(userDefinedMacros(config.get("user_defined_macros"),
                    path.child("user_defined_macros")));
        }
        if (config.get("user_defined_filters") != null) {
            dag.userDefinedFilters(userDefinedFilters(config.get("user_defined_filters"),
                    path.child("user_defined_filters")));
        }
        if (config.get("is_paused_upon_creation") != null) {
            dag.isPausedUponCreation(ConfigValues.bool(config.get("is_paused_upon_creation"),
                    path.child("is_paused_upon_creation")));
        }
    }

    /** As dag-factory: a mapping whose strings are callables' dotted paths, nested mappings read the same way. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> userDefinedMacros(Object value, ConfigPath path) {
        if (!(value instanceof Map<?, ?> macros)) {
            throw new ConfigException(path, "user_defined_macros must be a mapping of names to callables' dotted "
                    + "paths (module.function), got " + ConfigValues.describe(value));
        }
        Map<String, Object> read = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) macros).forEach((name, macro) -> {
            if (macro instanceof String dotted && !dotted.matches(DOTTED_PATH)) {
                throw new ConfigException(path.child(name), "'" + dotted
                        + "' is not a callable's dotted path (module.function)");
            }
            read.put(name, macro instanceof Map<?, ?> ? userDefinedMacros(macro, path.child(name)) : macro);
        });
        return read;
    }

    /** As Airflow's DAG argument: a mapping of filter names to callables (here their dotted paths). */
    private static Map<String, String> userDefinedFilters(Object value, ConfigPath path) {
        if (!(value instanceof Map<?, ?> filters)) {
            throw new ConfigException(path, "user_defined_filters must be a mapping of filter names to callables' "
                    + "dotted paths (module.function), got " + ConfigValues.describe(value));
        }
        Map<String, String> read = new java.util.LinkedHashMap<>();
        filters.forEach((name, filter) -> {
            if (!(filter instanceof String dotted) || !dotted.matches(DOTTED_PATH)) {
                throw new ConfigException(path.child(String.valueOf(name)), "user_defined_filters." + name
                        + " must be a callable's dotted path (module.function), got " + ConfigValues.describe(filter));
            }
            read.put(String.valueOf(name), dotted);
        });
        return read;
    }

    private static void checkDagKeys(Map<String, Object> config, ConfigPath path, ConfigWarnings warnings) {
        if (config.containsKey("schedule_interval")) {
            throw new ConfigException(path.child("schedule_interval"),
                    "'schedule_interval' was removed in dag-factory 1.x; use 'schedule'");
        }
        if (config.get("timetable") != null) {
            // dag-factory passes it to DAG(timetable=...), which Airflow 3 no longer has
            throw new ConfigException(path.child("timetable"), "the DAG key 'timetable' was removed in Airflow 3 "
                    + "(DAG() has no timetable argument); write the timetable under 'schedule' instead");
        }
        config.keySet().stream().filter(key -> !ConfigKeys.DAG_KEYS.contains(key)).forEach(key -> {
            String replacement = ConfigKeys.replacementOfRemoved(key);
            if (replacement != null) {
                warnings.add(path.child(key), ConfigKeys.removedKeyWarning(key, replacement));
            } else if (ConfigKeys.DAG_KEYS_NOT_SUPPORTED.contains(key)) {
                warnings.add(path.child(key), "DAG key '" + key + "' is not supported by Updraft yet; ignored");
            } else {
                warnings.add(path.child(key), "unknown DAG key '" + key + "' ignored"
                        + Suggestions.didYouMean(key, ConfigKeys.DAG_KEYS));
            }
        });
        if (config.containsKey("concurrency")) {
            warnings.add(path.child("concurrency"), "'concurrency' is deprecated; use 'max_active_tasks'");
        }
        if (config.get("user_defined_filters") != null) {
            warnings.add(path.child("user_defined_filters"), "dag-factory 1.1.0 drops 'user_defined_filters' (Airflow"
                    + " would run this DAG without them); Updraft applies them as DAG(user_defined_filters=...) does");
        }
    }

    private static void checkDefaultArgsKeys(Map<String, Object> defaultArgs, ConfigPath path,
                                             ConfigWarnings warnings) {
        defaultArgs.keySet().stream().filter(key -> !ConfigKeys.isDefaultArgsKey(key)).forEach(key -> {
            String replacement = ConfigKeys.replacementOfRemoved(key);
            if (replacement != null) {
                warnings.add(path.child(key), "default_args: " + ConfigKeys.removedKeyWarning(key, replacement));
            } else if (ConfigKeys.DAG_KEYS.contains(key)) {
                warnings.add(path.child(key), "default_args key '" + key
                        + "' is a DAG-level key and has no effect in default_args; ignored");
            } else {
                warnings.add(path.child(key), "unknown default_args key '" + key
                        + "' ignored (not a BaseOperator argument)" + Suggestions.didYouMean(key, ConfigKeys.taskKeys()));
            }
        });
    }

    /**
     * DAG-level dates are read in the DAG's {@code timezone}, default_args dates in {@code default_args.timezone}
     * (UTC when absent, as dag-factory does); the DAG's zone is the one its start_date was read in.
     */
    /** @return the DAG's start and end dates (each null when not set) */
    private Instant[] readDates(Dag.Builder dag, Map<String, Object> config, Map<String, Object> defaultArgs,
                                ConfigPath path) {
        ConfigPath argsPath = path.child("default_args");
        ZoneId dagZone = zone(config.get("timezone"), path.child("timezone"));
        ZoneId argsZone = zone(defaultArgs.get("timezone"), argsPath.child("timezone"));
        ZoneId zone;
        Instant start = null;
        if (config.get("start_date") != null) {
            zone = dagZone == null ? ZoneOffset.UTC : dagZone;
            start = dates.read(config.get("start_date"), zone, path.child("start_date"));
        } else if (defaultArgs.get("start_date") != null) {
            zone = argsZone == null ? ZoneOffset.UTC : argsZone;
            start = dates.read(defaultArgs.get("start_date"), zone, argsPath.child("start_date"));
        } else {
            zone = dagZone != null ? dagZone : argsZone != null ? argsZone : ZoneOffset.UTC;
        }
        dag.startDate(start);
        dag.timezone(zone);
        Instant end = null;
        ConfigPath endPath = null;
        if (config.get("end_date") != null) {
            endPath = path.child("end_date");
            end = dates.read(config.get("end_date"), dagZone == null ? ZoneOffset.UTC : dagZone, endPath);
        } else if (defaultArgs.get("end_date") != null) {
            endPath = argsPath.child("end_date");
            end = dates.read(defaultArgs.get("end_date"), argsZone == null ? ZoneOffset.UTC : argsZone, endPath);
        }
        if (end != null && start != null && end.isBefore(start)) {
            throw new ConfigException(endPath, "end_date " + end + " is before start_date " + start);
        }
        dag.endDate(end);
        return new Instant[] {start, end};
    }

    private static ZoneId zone(Object value, ConfigPath path) {
        if (value == null) {
            return null;
        }
        String name = ConfigValues.string(value, path);
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new ConfigException(path, "unknown timezone '" + name + "'");
        }
    }

    private void readDescriptions(Dag.Builder dag, Map<String, Object> config, ConfigPath path) {
        if (config.get("description") != null) {
            dag.description(ConfigValues.string(config.get("description"), path.child("description")));
        }
        if (config.get("dag_display_name") != null) {
            dag.displayName(ConfigValues.string(config.get("dag_display_name"), path.child("dag_display_name")));
        }
        if (config.get("doc_md") != null) {
            dag.docMd(ConfigValues.string(config.get("doc_md"), path.child("doc_md")));
        }
        if (config.get("doc_md_file_path") != null) {
            dag.docMd(readDocFile(ConfigValues.string(config.get("doc_md_file_path"), path.child("doc_md_file_path")),
                    path.child("doc_md_file_path")));
        }
    }

    private String readDocFile(String file, ConfigPath path) {
        if (!Path.of(file).isAbsolute()) {
            throw new ConfigException(path, "doc_md_file_path must be an absolute path, not '" + file + "'");
        }
        try {
            Path real = Path.of(file).toRealPath();
            if (!limits.allowOutsideFolder() && !real.startsWith(folder.toRealPath())) {
                throw new ConfigException(path, "doc_md_file_path '" + file + "' resolves to " + real
                        + ", outside the DAGs folder; not read (UPDRAFT_DAGS_ALLOW_OUTSIDE_FOLDER=true allows it)");
            }
            return DagFileText.read(real, limits.maxFileBytes());
        } catch (YamlSyntaxException e) {
            throw new ConfigException(path, "cannot read doc_md_file_path '" + file + "': " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(path, "cannot read doc_md_file_path '" + file + "': " + e.getMessage());
        }
    }

    private static void readRunLimits(Dag.Builder dag, Map<String, Object> config, ConfigPath path) {
        if (config.get("catchup") != null) {
            dag.catchup(ConfigValues.bool(config.get("catchup"), path.child("catchup")));
        }
        if (config.get("max_active_runs") != null) {
            dag.maxActiveRuns(ConfigValues.integer(config.get("max_active_runs"), path.child("max_active_runs")));
        }
        if (config.get("max_active_tasks") != null) {
            dag.maxActiveTasks(ConfigValues.integer(config.get("max_active_tasks"), path.child("max_active_tasks")));
        } else if (config.get("concurrency") != null) {
            dag.maxActiveTasks(ConfigValues.integer(config.get("concurrency"), path.child("concurrency")));
        }
        if (config.get("dagrun_timeout") != null) {
            dag.dagrunTimeout(DurationValues.read(config.get("dagrun_timeout"), path.child("dagrun_timeout")));
        }
    }
}
