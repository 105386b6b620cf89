package io.updraft.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link VariableStore} on Jdbi. Thread-safe. */
public final class JdbiVariableStore implements VariableStore {

    private static final String UPSERT_H2 = """
            MERGE INTO variable ("key", val, description) KEY ("key") VALUES (:key, :val, :description)""";

    private static final String UPSERT_POSTGRES = """
            INSERT INTO variable ("key", val, description) VALUES (:key, :val, :description)
            ON CONFLICT ("key") DO UPDATE SET val = EXCLUDED.val, description = EXCLUDED.description""";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiVariableStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    @Override
    public Optional<Variable> find(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT \"key\", val, description FROM variable WHERE \"key\" = :key")
                .bind("key", key)
                .map(JdbiVariableStore::variable)
                .findOne());
    }

    @Override
    public List<Variable> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT \"key\", val, description FROM variable ORDER BY \"key\" LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiVariableStore::variable)
                .list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM variable").mapTo(Long.class).one());
    }

    @Override
    public void put(Variable variable) {
        jdbi.useHandle(h -> put(h, variable));
    }

    @Override
    public void putAll(List<Variable> variables) {
        jdbi.useTransaction(h -> variables.forEach(variable -> put(h, variable)));
    }

    private void put(Handle h, Variable variable) {
        h.createUpdate(dialect.pick(UPSERT_H2, UPSERT_POSTGRES))
                .bind("key", variable.key())
                .bind("val", variable.value())
                .bind("description", variable.description())
                .execute();
    }

    @Override
    public boolean delete(String key) {
        return jdbi.withHandle(h -> delete(h, key));
    }

    @Override
    public void deleteAll(List<String> keys) {
        jdbi.useTransaction(h -> keys.forEach(key -> delete(h, key)));
    }

    private static boolean delete(Handle h, String key) {
        return h.createUpdate("DELETE FROM variable WHERE \"key\" = :key").bind("key", key).execute() > 0;
    }

    private static Variable variable(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Variable(rs.getString("key"), rs.getString("val"), rs.getString("description"));
    }
}
