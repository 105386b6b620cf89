package io.updraft.store;

import io.updraft.config.KeyedStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * {@link KeyedStore} on one table keyed by its first column; a subclass names the table and binds an entity's
 * columns. Thread-safe.
 *
 * @param <E> the entity
 */
abstract class JdbiKeyedStore<E> implements KeyedStore<E> {

    private final Jdbi jdbi;
    private final String table;
    private final String key;
    private final String select;
    private final String orderBy;
    private final String upsert;
    private final RowMapper<E> mapper;

    /**
     * @param columns the columns, the key first; a quoted one ({@code "key"}) binds as its bare name
     * @param orderBy the list order
     */
    JdbiKeyedStore(Database database, String table, List<String> columns, String orderBy, RowMapper<E> mapper) {
        this.jdbi = database.jdbi();
        this.table = table;
        this.key = columns.get(0);
        this.select = "SELECT " + String.join(", ", columns) + " FROM " + table;
        this.orderBy = orderBy;
        this.upsert = database.dialect().upsert(table, columns);
        this.mapper = mapper;
    }

    /** Binds each column of the entity by its bare name, with the column's type (null included). */
    abstract Update bind(Update update, E entity);

    @Override
    public Optional<E> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(select + " WHERE " + key + " = :id").bind("id", id)
                .map(mapper).findOne());
    }

    @Override
    public List<E> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery(select + " ORDER BY " + orderBy + " LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(mapper)
                .list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Override
    public void put(E entity) {
        jdbi.useHandle(h -> bind(h.createUpdate(upsert), entity).execute());
    }

    @Override
    public void putAll(List<E> entities) {
        jdbi.useTransaction(h -> entities.forEach(entity -> bind(h.createUpdate(upsert), entity).execute()));
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> delete(h, id));
    }

    @Override
    public void deleteAll(List<String> ids) {
        jdbi.useTransaction(h -> ids.forEach(id -> delete(h, id)));
    }

    private boolean delete(Handle h, String id) {
        return h.createUpdate("DELETE FROM " + table + " WHERE " + key + " = :id").bind("id", id).execute() > 0;
    }
}
