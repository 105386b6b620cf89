package io.updraft.dag.factory;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in a DAG file's config, as keys from the top ({@code [my_dag, tasks, task_1, operator]});
 * list-form tasks and groups are addressed by their task_id / group_name. Used to point errors at a line.
 */
record ConfigPath(List<String> keys) {

    ConfigPath {
        keys = List.copyOf(keys);
    }

    static ConfigPath of(String... keys) {
        return new ConfigPath(List.of(keys));
    }

    ConfigPath child(String key) {
        List<String> longer = new ArrayList<>(keys);
        longer.add(key);
        return new ConfigPath(longer);
    }
}
