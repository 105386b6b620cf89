package io.updraft.dag;

import java.util.Map;

/**
 * A callback (on_success_callback, on_failure_callback, ...): a Python callable called with the Airflow context,
 * and for the {@code {callback: fn, key: value}} form, extra keyword arguments.
 */
public record Callback(PythonCallable callable, Map<String, Object> kwargs) {

    public Callback {
        kwargs = kwargs == null ? Map.of() : Map.copyOf(kwargs);
    }
}
