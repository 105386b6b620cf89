package io.updraft.dag.factory;

import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.DagAssets;
import io.updraft.dag.OperatorCatalog;
import io.updraft.dag.PythonCallable;
import io.updraft.dag.Task;
import io.updraft.dag.TriggerRule;
import io.updraft.dag.WeightRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one task from its config and the default_args that apply to it: BaseOperator settings into {@link Task}
 * fields, everything else into {@link Task#arguments()} as dag-factory passes it to the operator. Upstream
 * edges are returned separately, because a dependency on a group can only be resolved once all tasks are known.
 */
final class TaskReader {

    /** A task before wiring: its builder, and the tasks and groups it depends on. */
    record Draft(String name, String taskId, Task.Builder builder, Set<String> upstreamTasks,
                 List<TaskGroupTree.Group> upstreamGroups, ConfigPath path) {
    }

    /** A setting as found in the task or in default_args, with where it was found. */
    private record Setting(Object value, ConfigPath path) {
    }

    private final OperatorCatalog catalog;
    private final ConfigWarnings warnings;
    private final TaskNames names;
    private final DateValues dates;

    TaskReader(OperatorCatalog catalog, ConfigWarnings warnings, TaskNames names, DateValues dates) {
        this.catalog = catalog;
        this.warnings = warnings;
        this.names = names;
        this.dates = dates;
    }

    /** @throws ConfigErrors.Failed naming every problem of this task that can be found in one pass */
    Draft read(String name, String taskId, String groupId, Map<String, Object> config,
               Map<String, Object> defaultArgs, ConfigPath path, ConfigPath defaultArgsPath) {
        ConfigErrors errors = new ConfigErrors();
        TaskSource source = new TaskSource(config, defaultArgs, path, defaultArgsPath);
        boolean decorator = config.containsKey("decorator");
        String operatorKey = decorator ? "decorator" : "operator";
        String operator = errors.attempt(() -> operator(name, config, path), null);
        Task.Builder builder = Task.builder(taskId, operator == null ? "unknown" : operator).groupId(groupId);
        readFields(builder, source, name, errors);

        Set<String> upstream = new LinkedHashSet<>();
        XComReferences references = new XComReferences(names, name, upstream);
        Map<String, Object> arguments = errors.attempt(
                () -> arguments(name, config, defaultArgs, decorator, references, path), null);
        Map<String, Object> expand = errors.attempt(() -> config.containsKey("expand")
                ? ConfigValues.map(references.inMappingArguments(ConfigValues.map(config.get("expand"),
                        path.child("expand")), decorator, path.child("expand")), path.child("expand"))
                : null, null);
        if (expand != null) {
            builder.expand(expand);
        }
        if (arguments != null) {
            builder.arguments(arguments);
        }
        PythonCallable callable = errors.attempt(() -> pythonCallable(config, path), null);
        builder.pythonCallable(callable);
        for (CallbackKind kind : CallbackKind.values()) {
            errors.attempt(() -> {
                List<Callback> callbacks = source.callbacks(kind);
                if (!callbacks.isEmpty()) {
                    builder.callbacks(kind, callbacks);
                }
            });
        }
        if (operator != null && arguments != null) {
            errors.attempt(() -> validate(name, operator, arguments, callable, expand, path.child(operatorKey)));
        }

        List<TaskGroupTree.Group> upstreamGroups = new ArrayList<>();
        ConfigPath dependenciesPath = path.child("dependencies");
        List<String> dependencies = errors.attempt(
                () -> ConfigValues.strings(config.get("dependencies"), dependenciesPath), List.of());
        for (String dependency : dependencies) {
            String upstreamTask = names.taskId(dependency);
            TaskGroupTree.Group upstreamGroup = names.group(dependency);
            if (upstreamTask != null) {
                upstream.add(upstreamTask);
            } else if (upstreamGroup != null) {
                upstreamGroups.add(upstreamGroup);
            } else {
                errors.add(new ConfigException(dependenciesPath, "task '" + name + "' depends on '" + dependency
                        + "', which is neither a task nor a task group of this DAG"
                        + Suggestions.didYouMean(dependency, names.all())));
            }
        }
        errors.throwIfAny();
        return new Draft(name, taskId, builder, upstream, upstreamGroups, path);
    }

    private String operator(String name, Map<String, Object> config, ConfigPath path) {
        if (config.containsKey("operator") && config.containsKey("decorator")) {
            throw new ConfigException(path.child("decorator"), "task '" + name
                    + "' sets both 'operator' and 'decorator'; a task has one or the other");
        }
        String key = config.containsKey("decorator") ? "decorator" : "operator";
        if (!config.containsKey(key)) {
            throw new ConfigException(path, "task '" + name + "' has neither 'operator' nor 'decorator'");
        }
        String operator = ConfigValues.string(config.get(key), path.child(key));
        String removed = RemovedInAirflow3.operator(operator);
        if (removed != null) {
            throw new ConfigException(path.child(key), "task '" + name + "': " + removed);
        }
        if (!catalog.isKnown(operator)) {
            throw new ConfigException(path.child(key), "task '" + name + "': unknown " + key + " '" + operator + "'"
                    + Suggestions.didYouMean(operator, catalog.operatorNames()));
        }
        return operator;
    }

    private void readFields(Task.Builder builder, TaskSource source, String name, ConfigErrors errors) {
        source.ifSet(errors, "trigger_rule", s -> {
            String rule = string(s);
            String removed = RemovedInAirflow3.triggerRule(rule);
            if (removed != null) {
                throw new ConfigException(s.path(), "task '" + name + "': " + removed);
            }
            builder.triggerRule(TriggerRule.parse(rule).orElseThrow(() -> new ConfigException(s.path(), "task '"
                    + name + "': unknown trigger_rule '" + rule + "'" + Suggestions.didYouMean(rule,
                    TriggerRule.names()))));
        });
        source.ifSet(errors, "weight_rule", s -> builder.weightRule(WeightRule.parse(string(s)).orElseThrow(() ->
                new ConfigException(s.path(), "task '" + name + "': unknown weight_rule '" + s.value() + "'"))));
        source.ifSet(errors, "retries", s -> {
            int retries = ConfigValues.integer(s.value(), s.path());
            if (retries < 0) {
                throw new ConfigException(s.path(), "task '" + name + "': retries must be 0 or more, not "
                        + retries);
            }
            builder.retries(retries);
        });
        source.ifSet(errors, "retry_delay", s -> {
            Duration delay = DurationValues.read(s.value(), s.path());
            if (delay != null) {
                builder.retryDelay(delay);
            }
        });
        source.ifSet(errors, "retry_exponential_backoff", s -> builder.retryExponentialBackoff(bool(s)));
        source.ifSet(errors, "max_retry_delay", s -> builder.maxRetryDelay(DurationValues.read(s.value(), s.path())));
        source.ifSet(errors, "execution_timeout",
                s -> builder.executionTimeout(DurationValues.read(s.value(), s.path())));
        source.ifSet(errors, "pool", s -> builder.pool(string(s)));
        source.ifSet(errors, "pool_slots", s -> {
            int slots = ConfigValues.integer(s.value(), s.path());
            if (slots < 1) {
                // Airflow's BaseOperator: "pool slots for x in dag y cannot be less than 1"
                throw new ConfigException(s.path(), "task '" + name + "': pool_slots cannot be less than 1, not "
                        + slots);
            }
            builder.poolSlots(slots);
        });
        source.ifSet(errors, "priority_weight",
                s -> builder.priorityWeight(ConfigValues.integer(s.value(), s.path())));
        source.ifSet(errors, "depends_on_past", s -> builder.dependsOnPast(bool(s)));
        source.ifSet(errors, "wait_for_downstream", s -> builder.waitForDownstream(bool(s)));
        source.ifSet(errors, "owner", s -> builder.owner(string(s)));
        source.ifSet(errors, "queue", s -> builder.queue(string(s)));
        source.ifSet(errors, "do_xcom_push", s -> builder.doXcomPush(bool(s)));
        source.ifSet(errors, "multiple_outputs", s -> builder.multipleOutputs(bool(s)));
        source.ifSet(errors, "task_display_name", s -> builder.displayName(string(s)));
        // naive dates in UTC, as dag-factory reads default_args dates without a timezone
        java.time.ZoneId zone = source.timezone();
        source.ifSet(errors, "start_date", s -> builder.startDate(dates.read(s.value(), zone, s.path())));
        source.ifSet(errors, "end_date", s -> builder.endDate(dates.read(s.value(), zone, s.path())));
        errors.attempt(() -> builder.params(source.params()));
    }

    /**
     * Operator arguments: the task's own keys that no one else consumes, the other BaseOperator keys of
     * default_args, {@code partial} merged in; for TaskFlow tasks, the callable's keyword arguments go to
     * {@code op_kwargs}.
     */
    private Map<String, Object> arguments(String name, Map<String, Object> config, Map<String, Object> defaultArgs,
                                          boolean decorator, XComReferences references, ConfigPath path) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        Map<String, Object> callKwargs = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (ConfigKeys.TASK_STRUCTURE.contains(key) || ConfigKeys.TASK_FIELDS.contains(key)
                    || ConfigKeys.CALLBACK_KEYS.contains(key)) {
                return;
            }
            String replacement = ConfigKeys.replacementOfRemoved(key);
            if (replacement != null) {
                warnings.add(path.child(key), "task '" + name + "': " + ConfigKeys.removedKeyWarning(key, replacement));
                return;
            }
            if (!ConfigKeys.OTHER_BASE_OPERATOR.contains(key)) {
                misspeltBaseKey(name, key, config, decorator, path);
            }
            if (decorator && !ConfigKeys.OTHER_BASE_OPERATOR.contains(key)) {
                callKwargs.put(key, references.inCallArguments(value, path.child(key)));
            } else {
                arguments.put(key, value);
            }
        });
        ConfigKeys.OTHER_BASE_OPERATOR.stream().filter(defaultArgs::containsKey).sorted()
                .forEach(key -> arguments.putIfAbsent(key, defaultArgs.get(key)));
        if (config.containsKey("partial")) {
            ConfigPath partialPath = path.child("partial");
            ConfigValues.map(config.get("partial"), partialPath).forEach((key, value) -> {
                if (config.containsKey(key) || arguments.containsKey(key) || callKwargs.containsKey(key)) {
                    throw new ConfigException(partialPath.child(key), "task '" + name + "': '" + key
                            + "' is set both in partial and in the task itself");
                }
                Object resolved = references.inMappingArguments(value, decorator, partialPath.child(key));
                if (decorator && !ConfigKeys.OTHER_BASE_OPERATOR.contains(key)) {
                    callKwargs.put(key, resolved);
                } else {
                    arguments.put(key, resolved);
                }
            });
        }
        if (!callKwargs.isEmpty()) {
            arguments.put("op_kwargs", callKwargs);
        }
        return arguments;
    }

    /**
     * A key one or two letters away from a BaseOperator key ({@code retires}) is almost surely a typo. Airflow's
     * own operators refuse unknown arguments ("Invalid arguments were passed to BashOperator"), so for them it is
     * an error; a plugin operator may take such an argument, so for plugins it is a warning.
     */
    /** Arguments of Airflow's own operators one or two letters from a BaseOperator key: not typos. */
    private static final java.util.Set<String> OPERATOR_KEYS_NEAR_BASE_KEYS = java.util.Set.of("trigger_run_id");

    private void misspeltBaseKey(String name, String key, Map<String, Object> config, boolean decorator,
                                 ConfigPath path) {
        java.util.Optional<String> known = Suggestions.closest(key, ConfigKeys.taskKeys());
        if (known.isEmpty() || OPERATOR_KEYS_NEAR_BASE_KEYS.contains(key)) {
            return;
        }
        Object operator = config.get(decorator ? "decorator" : "operator");
        String text = "task '" + name + "': '" + key + "' is not a BaseOperator argument; did you mean '"
                + known.get() + "'?";
        if (!decorator && operator instanceof String path0 && path0.startsWith("airflow.")) {
            throw new ConfigException(path.child(key), text + " (Airflow's operators refuse unknown arguments)");
        }
        warnings.add(path.child(key), text + " Passed to the " + (decorator ? "callable" : "operator") + " as is");
    }

    private static PythonCallable pythonCallable(Map<String, Object> config, ConfigPath path) {
        boolean fileForm = PythonCallables.hasFileForm(config, "python_callable");
        if (config.containsKey("python_callable")) {
            if (fileForm) {
                throw new ConfigException(path.child("python_callable"),
                        "give either python_callable or python_callable_name + python_callable_file, not both");
            }
            return PythonCallables.dotted(config.get("python_callable"), path.child("python_callable"));
        }
        return fileForm ? PythonCallables.fromFile(config, "python_callable", path) : null;
    }

    /** Asks the catalog; the resolved callable and a mapped task's expand arguments count as given. */
    private void validate(String name, String operator, Map<String, Object> arguments, PythonCallable callable,
                          Map<String, Object> expand, ConfigPath path) {
        Map<String, Object> given = new LinkedHashMap<>(arguments);
        // BaseOperator's assets are read by the loader (AssetReader), not by the operator
        given.keySet().removeAll(DagAssets.TASK_KEYS);
        if (callable != null) {
            given.put("python_callable", callable);
        }
        if (expand != null) {
            // each instance gets one element of a literal list; an XCom reference is checked when it resolves
            expand.forEach((key, value) -> {
                if (value instanceof List<?> values) {
                    if (!values.isEmpty()) {
                        given.put(key, values.get(0));
                    }
                } else {
                    given.put(key, value);
                }
            });
        }
        try {
            catalog.validate(operator, given);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, "task '" + name + "' (" + operator + "): " + e.getMessage());
        }
    }

    private static String string(Setting setting) {
        return ConfigValues.string(setting.value(), setting.path());
    }

    private static boolean bool(Setting setting) {
        return ConfigValues.bool(setting.value(), setting.path());
    }

    /** Looks a key up in the task first, then in default_args, as Airflow applies default_args. */
    private static final class TaskSource {
        private final Map<String, Object> config;
        private final Map<String, Object> defaultArgs;
        private final ConfigPath path;
        private final ConfigPath defaultArgsPath;

        TaskSource(Map<String, Object> config, Map<String, Object> defaultArgs, ConfigPath path,
                   ConfigPath defaultArgsPath) {
            this.config = config;
            this.defaultArgs = defaultArgs;
            this.path = path;
            this.defaultArgsPath = defaultArgsPath;
        }

        /** Applies the key's setting, if any; an error is recorded and the key left at its default. */
        void ifSet(ConfigErrors errors, String key, java.util.function.Consumer<Setting> use) {
            if (config.containsKey(key)) {
                errors.attempt(() -> use.accept(new Setting(config.get(key), path.child(key))));
            } else if (defaultArgs.containsKey(key)) {
                errors.attempt(() -> use.accept(new Setting(defaultArgs.get(key), defaultArgsPath.child(key))));
            }
        }

        /** default_args' timezone (UTC when absent), which naive task dates are read in. */
        java.time.ZoneId timezone() {
            Object zone = defaultArgs.get("timezone");
            try {
                return zone instanceof String name ? java.time.ZoneId.of(name) : java.time.ZoneOffset.UTC;
            } catch (java.time.DateTimeException e) {
                return java.time.ZoneOffset.UTC; // the DAG reports the unknown zone itself
            }
        }

        /** default_args params overlaid by the task's own, as BaseOperator merges them. */
        Map<String, Object> params() {
            Map<String, Object> params = ConfigValues.map(defaultArgs.get("params"), defaultArgsPath.child("params"));
            params.putAll(ConfigValues.map(config.get("params"), path.child("params")));
            return params;
        }

        List<Callback> callbacks(CallbackKind kind) {
            if (CallbackReader.isSet(config, kind)) {
                return CallbackReader.read(config, kind, path);
            }
            return CallbackReader.isSet(defaultArgs, kind) ? CallbackReader.read(defaultArgs, kind, defaultArgsPath)
                    : List.of();
        }
    }
}
