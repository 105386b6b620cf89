package io.updraft.store;

import io.updraft.config.Connection;
import io.updraft.config.ConnectionStore;
import java.util.List;
import org.jdbi.v3.core.statement.Update;

/** {@link ConnectionStore} on Jdbi. Thread-safe. */
public final class JdbiConnectionStore extends JdbiKeyedStore<Connection> implements ConnectionStore {

    public JdbiConnectionStore(Database database) {
        super(database, "connection",
                List.of("conn_id", "conn_type", "description", "host", "schema", "login", "password", "port", "extra"),
                "conn_id",
                (rs, ctx) -> new Connection(rs.getString("conn_id"), rs.getString("conn_type"),
                        rs.getString("description"), rs.getString("host"), rs.getString("login"),
                        rs.getString("password"), rs.getString("schema"), Columns.integer(rs, "port"),
                        rs.getString("extra")));
    }

    @Override
    Update bind(Update update, Connection connection) {
        return update.bind("conn_id", connection.connectionId())
                .bind("conn_type", connection.connType())
                .bind("description", connection.description())
                .bind("host", connection.host())
                .bind("schema", connection.schema())
                .bind("login", connection.login())
                .bind("password", connection.password())
                .bind("port", connection.port())
                .bind("extra", connection.extra());
    }
}
