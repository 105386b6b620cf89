package io.updraft.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ConnectionStore} on Jdbi. Thread-safe. */
public final class JdbiConnectionStore implements ConnectionStore {

    private static final String UPSERT_H2 = """
            MERGE INTO connection (conn_id, conn_type, description, host, schema, login, password, port, extra)
            KEY (conn_id)
            VALUES (:conn_id, :conn_type, :description, :host, :schema, :login, :password, :port, :extra)""";

    private static final String UPSERT_POSTGRES = """
            INSERT INTO connection (conn_id, conn_type, description, host, schema, login, password, port, extra)
            VALUES (:conn_id, :conn_type, :description, :host, :schema, :login, :password, :port, :extra)
            ON CONFLICT (conn_id) DO UPDATE SET conn_type = EXCLUDED.conn_type, description = EXCLUDED.description,
                host = EXCLUDED.host, schema = EXCLUDED.schema, login = EXCLUDED.login,
                password = EXCLUDED.password, port = EXCLUDED.port, extra = EXCLUDED.extra""";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiConnectionStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT conn_id, conn_type, description, host, login, password, schema, port, extra
                        FROM connection WHERE conn_id = :conn_id""")
                .bind("conn_id", connectionId)
                .map(JdbiConnectionStore::connection)
                .findOne());
    }

    @Override
    public List<Connection> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT conn_id, conn_type, description, host, login, password, schema, port, extra
                        FROM connection ORDER BY conn_id LIMIT :limit OFFSET :offset""")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiConnectionStore::connection)
                .list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM connection").mapTo(Long.class).one());
    }

    @Override
    public void put(Connection connection) {
        jdbi.useHandle(h -> put(h, connection));
    }

    @Override
    public void putAll(List<Connection> connections) {
        jdbi.useTransaction(h -> connections.forEach(connection -> put(h, connection)));
    }

    private void put(Handle h, Connection connection) {
        h.createUpdate(dialect.pick(UPSERT_H2, UPSERT_POSTGRES))
                .bind("conn_id", connection.connectionId())
                .bind("conn_type", connection.connType())
                .bind("description", connection.description())
                .bind("host", connection.host())
                .bind("schema", connection.schema())
                .bind("login", connection.login())
                .bind("password", connection.password())
                .bind("port", connection.port())
                .bind("extra", connection.extra())
                .execute();
    }

    @Override
    public boolean delete(String connectionId) {
        return jdbi.withHandle(h -> delete(h, connectionId));
    }

    @Override
    public void deleteAll(List<String> connectionIds) {
        jdbi.useTransaction(h -> connectionIds.forEach(id -> delete(h, id)));
    }

    private static boolean delete(Handle h, String connectionId) {
        return h.createUpdate("DELETE FROM connection WHERE conn_id = :conn_id").bind("conn_id", connectionId)
                .execute() > 0;
    }

    private static Connection connection(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Connection(rs.getString("conn_id"), rs.getString("conn_type"), rs.getString("description"),
                rs.getString("host"), rs.getString("login"), rs.getString("password"), rs.getString("schema"),
                Columns.integer(rs, "port"), rs.getString("extra"));
    }
}
