package io.updraft.operator;

import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.run.XCom;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionReads;
import io.updraft.config.VariableReads;
import io.updraft.template.XComPuller;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a Python callable by the Python runner.
 *
 * @param kind a task ({@code fn(*opArgs, **opKwargs + matching context keys)}), a callback
 *     ({@code fn(context, **callbackKwargs)}) or a template macro ({@code fn(*opArgs, **opKwargs)})
 * @param context JSON-safe context values ({@link io.updraft.template.ContextValues})
 * @param extraContext more context keys ({@code exception}, {@code reason})
 * @param xcoms the run's XComs as {@code {task_id, map_index, key, value}}
 * @param pythonPath folders put first on sys.path (the DAG file's folder)
 * @param operator for a user-written operator class: {@code class}, {@code arguments}, {@code rendered},
 *     {@code render_errors}; null for a callable
 * @param store the variables and connections the {@code airflow} stand-in's Variable and Connection read
 */
record PythonCall(Kind kind, PythonCallable callable, List<Object> opArgs, Map<String, Object> opKwargs,
        Object templatesDict, Map<String, Object> context, Map<String, Object> extraContext,
        List<Map<String, Object>> xcoms, Map<String, Object> callbackKwargs, List<String> pythonPath,
        Map<String, Object> operator, Map<String, Object> store) {

    /** A callable's call, as PythonOperator and TaskFlow tasks make it. */
    static PythonCall ofCallable(PythonCallable callable, List<Object> opArgs, Map<String, Object> opKwargs,
            Object templatesDict, RunningTask task) {
        return new PythonCall(Kind.TASK, callable, opArgs, opKwargs, templatesDict, task.contextValues(), Map.of(),
                xcomEntries(task.setup().xcoms().all()), Map.of(), dagFolder(task.setup().attempt().dag()), null,
                storeValues(task.setup().variables(), task.setup().connections()));
    }

    PythonCall withOperator(Map<String, Object> operatorSpec) {
        return new PythonCall(kind, callable, opArgs, opKwargs, templatesDict, context, extraContext, xcoms,
                callbackKwargs, pythonPath, operatorSpec, store);
    }

    /** A user_defined_macros callable called from a template: its arguments only, no context. */
    static PythonCall ofMacro(PythonCallable callable, List<Object> args, Map<String, Object> kwargs, Dag dag,
            Map<String, Object> context) {
        return new PythonCall(Kind.MACRO, callable, args, kwargs, null, context, Map.of(), List.of(), Map.of(),
                dagFolder(dag), null, null);
    }

    enum Kind { TASK, CALLBACK, MACRO }

    /** A callable as the runner loads it: a file and a name, or a dotted path. */
    static Map<String, Object> callableSpec(PythonCallable callable) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("file", callable.file());
        spec.put("name", callable.name());
        spec.put("dotted", callable.dottedPath());
        return spec;
    }

    /** At most this many variables and connections are handed to a task. */
    private static final int STORE_LIMIT = 10_000;

    /** The store's variables and connections, as the stand-in's Variable.get and Connection.get read them. */
    static Map<String, Object> storeValues(VariableReads variables, ConnectionReads connections) {
        Map<String, Object> variableValues = new LinkedHashMap<>();
        variables.list(STORE_LIMIT, 0).forEach(variable -> variableValues.put(variable.key(), variable.value()));
        Map<String, Object> connectionValues = new LinkedHashMap<>();
        for (Connection connection : connections.list(STORE_LIMIT, 0)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("conn_type", connection.connType());
            fields.put("description", connection.description());
            fields.put("host", connection.host());
            fields.put("login", connection.login());
            fields.put("password", connection.password());
            fields.put("schema", connection.schema());
            fields.put("port", connection.port());
            fields.put("extra", connection.extra());
            connectionValues.put(connection.connectionId(), fields);
        }
        return Map.of("variables", variableValues, "connections", connectionValues);
    }

    /** XComs as the runner reads them. */
    static List<Map<String, Object>> xcomEntries(List<XCom> xcoms) {
        return xcoms.stream().map(xcom -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("task_id", xcom.taskId());
            entry.put("map_index", xcom.mapIndex());
            entry.put("key", xcom.key());
            entry.put("value", XComPuller.parse(xcom));
            return entry;
        }).toList();
    }

    /** Airflow puts the DAGs folder on sys.path, so callables can import modules next to the DAG file. */
    static List<String> dagFolder(Dag dag) {
        if (dag.fileloc() == null) {
            return List.of();
        }
        Path folder = Path.of(dag.fileloc()).toAbsolutePath().getParent();
        return folder == null ? List.of() : List.of(folder.toString());
    }
}
