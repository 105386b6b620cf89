package io.updraft.dag.factory;

import java.util.Map;

/**
 * A parsed YAML file: its top-level mapping as plain Java values, and where each key was written.
 *
 * @param mapping false when the top level is a list or a scalar (then {@code root} is empty): not a DAG file
 */
record YamlDocument(Map<String, Object> root, SourcePositions positions, boolean mapping) {

    boolean isMapping() {
        return mapping;
    }
}
