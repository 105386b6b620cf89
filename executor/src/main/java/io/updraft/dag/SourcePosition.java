package io.updraft.dag;

/** A 1-based line and column in a YAML file. */
public record SourcePosition(int line, int column) {
}
