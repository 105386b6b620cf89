package io.updraft.dag.factory;

/** A 1-based line and column in a YAML file. */
record SourcePosition(int line, int column) {
}
