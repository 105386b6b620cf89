package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.dag.PythonCallable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Airflow's PythonOperator, BranchPythonOperator, ShortCircuitOperator, PythonVirtualenvOperator,
 * ExternalPythonOperator and the TaskFlow decorators ({@code @task}, {@code @task.branch}, {@code @task.short_circuit},
 * {@code @task.virtualenv}, {@code @task.external_python}), all run by the Python runner.
 */
public final class PythonOperatorProvider implements OperatorProvider {

    /** The python callable: set by the runner from {@code Task.pythonCallable}, or written in the DAG file. */
    static final String CALLABLE = "python_callable";

    private static final List<String> OPERATOR_MODULES = List.of("airflow.operators.python",
            "airflow.operators.python_operator", "airflow.providers.standard.operators.python");
    private static final List<String> DECORATORS = List.of("airflow.decorators.task", "airflow.sdk.task",
            "airflow.sdk.definitions.decorators.task");
    /** Arguments that configure the operator; a TaskFlow task passes every other argument to its function. */
    private static final Set<String> OPERATOR_ARGUMENTS = Set.of(CALLABLE, "python_callable_name",
            "python_callable_file", "op_args", "op_kwargs", "templates_dict", "templates_exts",
            "show_return_value_in_logs", "ignore_downstream_trigger_rules", "multiple_outputs", "do_xcom_push",
            "map_index_template");

    private static final Map<String, PythonKind> KINDS = kinds();
    private static final Map<String, String> DECORATOR_CLASS_NAMES = decoratorClassNames();

    private static Map<String, PythonKind> kinds() {
        Map<String, PythonKind> kinds = new HashMap<>();
        for (String module : OPERATOR_MODULES) {
            kinds.put(module + ".PythonOperator", PythonKind.PLAIN);
            kinds.put(module + ".PythonVirtualenvOperator", PythonKind.PLAIN);
            kinds.put(module + ".ExternalPythonOperator", PythonKind.PLAIN);
            kinds.put(module + ".BranchPythonOperator", PythonKind.BRANCH);
            kinds.put(module + ".ShortCircuitOperator", PythonKind.SHORT_CIRCUIT);
        }
        for (String decorator : DECORATORS) {
            kinds.put(decorator, PythonKind.PLAIN);
            kinds.put(decorator + ".virtualenv", PythonKind.PLAIN);
            kinds.put(decorator + ".external_python", PythonKind.PLAIN);
            kinds.put(decorator + ".branch", PythonKind.BRANCH);
            kinds.put(decorator + ".short_circuit", PythonKind.SHORT_CIRCUIT);
        }
        return Map.copyOf(kinds);
    }

    /** The operator classes Airflow reports for TaskFlow tasks. */
    private static Map<String, String> decoratorClassNames() {
        Map<String, String> names = new HashMap<>();
        for (String decorator : DECORATORS) {
            names.put(decorator, "_PythonDecoratedOperator");
            names.put(decorator + ".virtualenv", "_PythonVirtualenvDecoratedOperator");
            names.put(decorator + ".external_python", "_PythonExternalDecoratedOperator");
            names.put(decorator + ".branch", "_BranchPythonDecoratedOperator");
            names.put(decorator + ".short_circuit", "_ShortCircuitDecoratedOperator");
        }
        return Map.copyOf(names);
    }

    /**
     * The {@code operator_name} Airflow reports for a TaskFlow decorator ({@code @task}, {@code @task.branch}, its
     * {@code custom_operator_name}), or null for other names.
     */
    static String decoratorOperatorName(String operatorName) {
        for (String decorator : DECORATORS) {
            if (operatorName.equals(decorator) || operatorName.startsWith(decorator + ".")) {
                return "@task" + operatorName.substring(decorator.length());
            }
        }
        return null;
    }

    /** The Airflow operator class name of a TaskFlow decorator, or null for other names. */
    static String decoratorClassName(String operatorName) {
        return DECORATOR_CLASS_NAMES.get(operatorName);
    }

    @Override
    public Set<String> operatorNames() {
        return KINDS.keySet();
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        callableOf(arguments);
        Arguments.list(arguments, "op_args");
        Arguments.map(arguments, "op_kwargs");
        Arguments.map(arguments, "templates_dict");
        Arguments.bool(arguments, "ignore_downstream_trigger_rules", true);
        PythonIsolation.of(operatorName, isolationArguments(operatorName, arguments));
    }

    /**
     * A decorator's own arguments ({@code python}, {@code requirements}, ...) arrive with the function's keyword
     * arguments in {@code op_kwargs}, as the loader cannot tell them apart: they configure the decorator.
     */
    private static Map<String, Object> isolationArguments(String operatorName, Map<String, Object> arguments) {
        Map<String, Object> given = Arguments.map(arguments, "op_kwargs");
        if (!isDecorator(operatorName) || given == null) {
            return arguments;
        }
        Map<String, Object> merged = new LinkedHashMap<>(arguments);
        given.forEach((name, value) -> {
            if (PythonIsolation.ARGUMENTS.contains(name)) {
                merged.put(name, value);
            }
        });
        return merged;
    }

    /** PythonOperator's template fields; a TaskFlow task renders all of its (function) arguments. */
    @Override
    public Set<String> templateFields(String operatorName) {
        if (isDecorator(operatorName)) {
            return null;
        }
        if (operatorName.endsWith("PythonVirtualenvOperator")) {
            return Set.of("templates_dict", "op_args", "op_kwargs", "requirements", "index_urls");
        }
        if (operatorName.endsWith("ExternalPythonOperator")) {
            return Set.of("templates_dict", "op_args", "op_kwargs", "python");
        }
        return Set.of("templates_dict", "op_args", "op_kwargs");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        List<Object> opArgs = Arguments.list(arguments, "op_args");
        Map<String, Object> opKwargs = new LinkedHashMap<>();
        if (isDecorator(operatorName)) {
            arguments.forEach((name, value) -> {
                if (!OPERATOR_ARGUMENTS.contains(name) && !PythonIsolation.ARGUMENTS.contains(name)) {
                    opKwargs.put(name, value);
                }
            });
        }
        Map<String, Object> given = Arguments.map(arguments, "op_kwargs");
        if (given != null) {
            opKwargs.putAll(given);
        }
        if (isDecorator(operatorName)) {
            opKwargs.keySet().removeAll(PythonIsolation.ARGUMENTS);
        }
        return new PythonTaskOperator(KINDS.get(operatorName), callableOf(arguments),
                opArgs == null ? List.of() : opArgs, opKwargs, arguments.get("templates_dict"),
                Arguments.bool(arguments, "ignore_downstream_trigger_rules", true),
                PythonIsolation.of(operatorName, isolationArguments(operatorName, arguments)));
    }

    private static boolean isDecorator(String operatorName) {
        return DECORATOR_CLASS_NAMES.containsKey(operatorName);
    }

    /** {@code python_callable} (a dotted path), or dag-factory's {@code python_callable_name} + {@code _file}. */
    static PythonCallable callableOf(Map<String, Object> arguments) {
        Object callable = arguments.get(CALLABLE);
        if (callable instanceof PythonCallable given) {
            return given;
        }
        if (callable != null) {
            if (!(callable instanceof String dotted) || !dotted.contains(".")) {
                throw new IllegalArgumentException("python_callable must be a dotted path such as "
                        + "'package.module.function', got " + Arguments.describe(callable));
            }
            return PythonCallable.dotted(dotted);
        }
        String name = Arguments.string(arguments, "python_callable_name", null);
        String file = Arguments.string(arguments, "python_callable_file", null);
        if (name == null && file == null) {
            throw new IllegalArgumentException(
                    "python_callable is required (or python_callable_name with python_callable_file)");
        }
        if (name == null || file == null) {
            throw new IllegalArgumentException((name == null ? "python_callable_name" : "python_callable_file")
                    + " is required with " + (name == null ? "python_callable_file" : "python_callable_name"));
        }
        return PythonCallable.fromFile(file, name);
    }
}
