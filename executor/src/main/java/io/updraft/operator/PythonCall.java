package io.updraft.operator;

import io.updraft.dag.PythonCallable;
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
}
