package io.updraft.operator;

import io.updraft.store.Connection;
import java.util.Locale;
import java.util.Optional;

/** Finds a connection as Airflow does: an {@code AIRFLOW_CONN_<ID>} environment variable, then the store. */
final class HttpConnections {

    private HttpConnections() {
    }

    static Connection find(String connectionId, RunningTask task) {
        String fromEnvironment = task.environment().get("AIRFLOW_CONN_" + connectionId.toUpperCase(Locale.ROOT));
        if (fromEnvironment != null) {
            return AirflowConnectionUri.parse(connectionId, fromEnvironment);
        }
        Optional<Connection> stored = task.setup().connections().find(connectionId);
        return stored.orElseThrow(() -> new IllegalArgumentException("The conn_id `" + connectionId
                + "` isn't defined (neither as a connection nor as AIRFLOW_CONN_"
                + connectionId.toUpperCase(Locale.ROOT) + ")"));
    }
}
