package io.updraft.store;

import io.updraft.config.Pool;
import io.updraft.config.PoolStore;
import java.util.List;
import org.jdbi.v3.core.statement.Update;

/** {@link PoolStore} on Jdbi. Thread-safe. */
public final class JdbiPoolStore extends JdbiKeyedStore<Pool> implements PoolStore {

    public JdbiPoolStore(Database database) {
        super(database, "slot_pool", List.of("pool", "slots", "description", "include_deferred"), "id",
                (rs, ctx) -> new Pool(rs.getString("pool"), rs.getInt("slots"), rs.getString("description"),
                        rs.getBoolean("include_deferred")));
    }

    @Override
    Update bind(Update update, Pool pool) {
        return update.bind("pool", pool.name())
                .bind("slots", pool.slots())
                .bind("description", pool.description())
                .bind("include_deferred", pool.includeDeferred());
    }

    @Override
    public boolean delete(String name) {
        refuseDefaultPool(name);
        return super.delete(name);
    }

    @Override
    public void deleteAll(List<String> names) {
        names.forEach(JdbiPoolStore::refuseDefaultPool);
        super.deleteAll(names);
    }

    private static void refuseDefaultPool(String name) {
        if (Pool.DEFAULT_POOL.equals(name)) {
            throw new IllegalArgumentException("Default Pool can't be deleted");
        }
    }
}
