package io.updraft.dag.factory;

import io.updraft.UpdraftException;

/** A file that is not the YAML we accept (bad syntax, duplicate key, unsupported tag), with the position. */
final class YamlSyntaxException extends UpdraftException {

    private final Integer line;
    private final Integer column;

    YamlSyntaxException(String message, Integer line, Integer column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    Integer line() {
        return line;
    }

    Integer column() {
        return column;
    }
}
