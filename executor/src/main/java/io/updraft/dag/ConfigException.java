package io.updraft.dag;

/** A DAG config that cannot be loaded; {@link #path()} tells which key, so the error can name its line. */
final class ConfigException extends RuntimeException {

    private final ConfigPath path;

    ConfigException(ConfigPath path, String message) {
        super(message);
        this.path = path;
    }

    ConfigPath path() {
        return path;
    }
}
