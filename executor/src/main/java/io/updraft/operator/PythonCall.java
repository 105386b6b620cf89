package io.updraft.operator;

import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.run.XCom;
import io.updraft.template.XComPuller;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a Python callable by the Python runner.
 *
 * @param callback true for a callback ({@code fn(context, **callbackKwargs)}), false for a task
 *     ({@code fn(*opArgs, **opKwargs + matching context keys)})
 * @param context JSON-safe context values ({@link io.updraft.template.ContextValues})
 * @param extraContext more context keys ({@code exception}, {@code reason})
 * @param xcoms the run's XComs as {@code {task_id, map_index, key, value}}
 * @param pythonPath folders put first on sys.path (the DAG file's folder)
 */
record PythonCall(boolean callback, PythonCallable callable, List<Object> opArgs, Map<String, Object> opKwargs,
        Object templatesDict, Map<String, Object> context, Map<String, Object> extraContext,
        List<Map<String, Object>> xcoms, Map<String, Object> callbackKwargs, List<String> pythonPath) {

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
