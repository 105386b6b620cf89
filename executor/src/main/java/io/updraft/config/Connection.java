package io.updraft.config;

/**
 * An Airflow Connection.
 *
 * @param extra JSON object text, or null
 */
public record Connection(
        String connectionId,
        String connType,
        String description,
        String host,
        String login,
        String password,
        String schema,
        Integer port,
        String extra) {
}
