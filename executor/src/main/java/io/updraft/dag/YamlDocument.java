package io.updraft.dag;

import java.util.Map;

/** A parsed YAML file: its top-level mapping as plain Java values, and where each key was written. */
record YamlDocument(Map<String, Object> root, SourcePositions positions) {
}
