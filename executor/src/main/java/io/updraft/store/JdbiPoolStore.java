package io.updraft.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link PoolStore} on Jdbi. Thread-safe. */
public final class JdbiPoolStore implements PoolStore {

    private static final String UPSERT_H2 = """
            MERGE INTO slot_pool (pool, slots, description, include_deferred) KEY (pool)
            VALUES (:pool, :slots, :description, :include_deferred)""";

    private static final String UPSERT_POSTGRES = """
            INSERT INTO slot_pool (pool, slots, description, include_deferred)
            VALUES (:pool, :slots, :description, :include_deferred)
            ON CONFLICT (pool) DO UPDATE SET slots = EXCLUDED.slots, description = EXCLUDED.description,
                include_deferred = EXCLUDED.include_deferred""";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiPoolStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    @Override
    public Optional<Pool> find(String name) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT pool, slots, description, include_deferred FROM slot_pool WHERE pool = :pool")
                .bind("pool", name)
                .map(JdbiPoolStore::pool)
                .findOne());
    }

    @Override
    public List<Pool> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT pool, slots, description, include_deferred FROM slot_pool
                        ORDER BY id LIMIT :limit OFFSET :offset""")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiPoolStore::pool)
                .list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM slot_pool").mapTo(Long.class).one());
    }

    @Override
    public void put(Pool pool) {
        jdbi.useHandle(h -> put(h, pool));
    }

    @Override
    public void putAll(List<Pool> pools) {
        jdbi.useTransaction(h -> pools.forEach(pool -> put(h, pool)));
    }

    private void put(Handle h, Pool pool) {
        h.createUpdate(dialect.pick(UPSERT_H2, UPSERT_POSTGRES))
                .bind("pool", pool.name())
                .bind("slots", pool.slots())
                .bind("description", pool.description())
                .bind("include_deferred", pool.includeDeferred())
                .execute();
    }

    @Override
    public boolean delete(String name) {
        refuseDefaultPool(name);
        return jdbi.withHandle(h -> delete(h, name));
    }

    @Override
    public void deleteAll(List<String> names) {
        names.forEach(JdbiPoolStore::refuseDefaultPool);
        jdbi.useTransaction(h -> names.forEach(name -> delete(h, name)));
    }

    private static void refuseDefaultPool(String name) {
        if (Pool.DEFAULT_POOL.equals(name)) {
            throw new IllegalArgumentException("Default Pool can't be deleted");
        }
    }

    private static boolean delete(Handle h, String name) {
        return h.createUpdate("DELETE FROM slot_pool WHERE pool = :pool").bind("pool", name).execute() > 0;
    }

    private static Pool pool(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Pool(rs.getString("pool"), rs.getInt("slots"), rs.getString("description"),
                rs.getBoolean("include_deferred"));
    }
}
