package io.updraft.operator;

import io.updraft.config.Connection;
import io.updraft.config.ConnectionUri;
import java.util.Locale;
import java.util.Optional;

/** Finds a connection as Airflow does: an {@code AIRFLOW_CONN_<ID>} environment variable, then the store. */
final class HttpConnections {

    private HttpConnections() {
    }

    static Connection find(String connectionId, RunningTask task) {
        return find(connectionId, task.environment(), task.setup().connections());
    }

    /** Outside a try (a trigger's check): from this environment, then the store. */
    static Connection find(String connectionId, java.util.Map<String, String> environment,
            io.updraft.config.ConnectionReads connections) {
        String fromEnvironment = environment.get("AIRFLOW_CONN_" + connectionId.toUpperCase(Locale.ROOT));
        if (fromEnvironment != null) {
            return ConnectionUri.parse(connectionId, fromEnvironment);
        }
        Optional<Connection> stored = connections.find(connectionId);
        return stored.orElseThrow(() -> new IllegalArgumentException("The conn_id `" + connectionId
                + "` isn't defined (neither as a connection nor as AIRFLOW_CONN_"
                + connectionId.toUpperCase(Locale.ROOT) + ")"));
    }
}
