package io.updraft.dag.factory;

import io.updraft.UpdraftException;

/** A DAG config that cannot be loaded; {@link #path()} tells which key, so the error can name its line. */
final class ConfigException extends UpdraftException {

    private final ConfigPath path;

    ConfigException(ConfigPath path, String message) {
        super(message);
        this.path = path;
    }

    ConfigPath path() {
        return path;
    }
}
