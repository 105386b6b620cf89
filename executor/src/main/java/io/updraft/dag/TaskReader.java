package io.updraft.dag;

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

    TaskReader(OperatorCatalog catalog, ConfigWarnings warnings, TaskNames names) {
        this.catalog = catalog;
        this.warnings = warnings;
        this.names = names;
    }

    Draft read(String name, String taskId, String groupId, Map<String, Object> config,
               Map<String, Object> defaultArgs, ConfigPath path, ConfigPath defaultArgsPath) {
        TaskSource source = new TaskSource(config, defaultArgs, path, defaultArgsPath);
        boolean decorator = config.containsKey("decorator");
        String operatorKey = decorator ? "decorator" : "operator";
        String operator = operator(name, config, path);
        Task.Builder builder = Task.builder(taskId, operator).groupId(groupId);
        readFields(builder, source, name);

        Set<String> upstream = new LinkedHashSet<>();
        XComReferences references = new XComReferences(names, name, upstream);
        Map<String, Object> arguments = arguments(name, config, defaultArgs, decorator, references, path);
        Map<String, Object> expand = null;
        if (config.containsKey("expand")) {
            expand = ConfigValues.map(references.inMappingArguments(
                    ConfigValues.map(config.get("expand"), path.child("expand")), decorator, path.child("expand")),
                    path.child("expand"));
            builder.expand(expand);
        }
        builder.arguments(arguments);
        PythonCallable callable = pythonCallable(config, path);
        builder.pythonCallable(callable);
        for (CallbackKind kind : CallbackKind.values()) {
            List<Callback> callbacks = source.callbacks(kind);
            if (!callbacks.isEmpty()) {
                builder.callbacks(kind, callbacks);
            }
        }
        validate(name, operator, arguments, callable, expand, path.child(operatorKey));

        List<TaskGroupTree.Group> upstreamGroups = new ArrayList<>();
        ConfigPath dependenciesPath = path.child("dependencies");
        for (String dependency : ConfigValues.strings(config.get("dependencies"), dependenciesPath)) {
            String upstreamTask = names.taskId(dependency);
            TaskGroupTree.Group upstreamGroup = names.group(dependency);
            if (upstreamTask != null) {
                upstream.add(upstreamTask);
            } else if (upstreamGroup != null) {
                upstreamGroups.add(upstreamGroup);
            } else {
                throw new ConfigException(dependenciesPath, "task '" + name + "' depends on '" + dependency
                        + "', which is neither a task nor a task group of this DAG");
            }
        }
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
        if (!catalog.isKnown(operator)) {
            throw new ConfigException(path.child(key), "task '" + name + "': unknown " + key + " '" + operator + "'");
        }
        return operator;
    }

    private void readFields(Task.Builder builder, TaskSource source, String name) {
        source.ifSet("trigger_rule", s -> builder.triggerRule(TriggerRule.parse(string(s)).orElseThrow(() ->
                new ConfigException(s.path(), "task '" + name + "': unknown trigger_rule '" + s.value() + "'"))));
        source.ifSet("weight_rule", s -> builder.weightRule(WeightRule.parse(string(s)).orElseThrow(() ->
                new ConfigException(s.path(), "task '" + name + "': unknown weight_rule '" + s.value() + "'"))));
        source.ifSet("retries", s -> builder.retries(ConfigValues.integer(s.value(), s.path())));
        source.ifSet("retry_delay", s -> {
            Duration delay = DurationValues.read(s.value(), s.path());
            if (delay != null) {
                builder.retryDelay(delay);
            }
        });
        source.ifSet("retry_exponential_backoff", s -> builder.retryExponentialBackoff(bool(s)));
        source.ifSet("max_retry_delay", s -> builder.maxRetryDelay(DurationValues.read(s.value(), s.path())));
        source.ifSet("execution_timeout", s -> builder.executionTimeout(DurationValues.read(s.value(), s.path())));
        source.ifSet("pool", s -> builder.pool(string(s)));
        source.ifSet("pool_slots", s -> builder.poolSlots(ConfigValues.integer(s.value(), s.path())));
        source.ifSet("priority_weight", s -> builder.priorityWeight(ConfigValues.integer(s.value(), s.path())));
        source.ifSet("depends_on_past", s -> builder.dependsOnPast(bool(s)));
        source.ifSet("wait_for_downstream", s -> builder.waitForDownstream(bool(s)));
        source.ifSet("owner", s -> builder.owner(string(s)));
        source.ifSet("queue", s -> builder.queue(string(s)));
        source.ifSet("do_xcom_push", s -> builder.doXcomPush(bool(s)));
        source.ifSet("multiple_outputs", s -> builder.multipleOutputs(bool(s)));
        source.ifSet("task_display_name", s -> builder.displayName(string(s)));
        builder.params(source.params());
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
            } else if (decorator && !ConfigKeys.OTHER_BASE_OPERATOR.contains(key)) {
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

        void ifSet(String key, java.util.function.Consumer<Setting> use) {
            if (config.containsKey(key)) {
                use.accept(new Setting(config.get(key), path.child(key)));
            } else if (defaultArgs.containsKey(key)) {
                use.accept(new Setting(defaultArgs.get(key), defaultArgsPath.child(key)));
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
