package io.updraft.run;

import io.updraft.dag.Task;
import io.updraft.dag.XComArg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Expands a mapped task's {@code expand} arguments into one argument set per map index (Airflow's expand). */
final class MappedArguments {

    /** Airflow's {@code [core] max_map_length}. */
    static final int MAX_MAP_LENGTH = 1024;

    private MappedArguments() {
    }

    /**
     * The cartesian product of the expanded values, in Airflow's order (the last argument varies fastest).
     *
     * @throws IllegalArgumentException when a value to expand is missing, not a list or dict, or too long
     */
    static List<Map<String, Object>> combinations(Task task, Function<XComArg, Object> pull) {
        List<Map<String, Object>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> entry : task.expand().entrySet()) {
            List<?> values = valuesOf(task, entry.getKey(), entry.getValue(), pull);
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : result) {
                for (Object value : values) {
                    Map<String, Object> combination = new LinkedHashMap<>(partial);
                    combination.put(entry.getKey(), value);
                    next.add(combination);
                }
            }
            result = next;
        }
        if (result.size() > MAX_MAP_LENGTH) {
            throw new IllegalArgumentException("expanding task '" + task.taskId() + "' gives " + result.size()
                    + " instances, more than max_map_length " + MAX_MAP_LENGTH);
        }
        return result;
    }

    private static List<?> valuesOf(Task task, String argument, Object value, Function<XComArg, Object> pull) {
        Object resolved = value instanceof XComArg reference ? pull.apply(reference) : value;
        if (resolved instanceof List<?> list) {
            return list;
        }
        if (resolved instanceof Map<?, ?> map) {
            // a dict expands into its (key, value) pairs
            List<Object> pairs = new ArrayList<>();
            map.forEach((k, v) -> pairs.add(List.of(k, v)));
            return pairs;
        }
        throw new IllegalArgumentException("task '" + task.taskId() + "' expands '" + argument
                + "' over " + (resolved == null ? "nothing (no such XCom)" : "a " + resolved.getClass().getSimpleName())
                + "; only a list or a dict can be expanded");
    }
}
