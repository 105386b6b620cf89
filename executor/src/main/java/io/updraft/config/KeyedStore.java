package io.updraft.config;

import java.util.List;
import java.util.Optional;

/**
 * Entities with a string key, created, replaced and deleted whole (variables, connections, pools). Thread-safe.
 *
 * @param <E> the entity
 */
public interface KeyedStore<E> {

    Optional<E> find(String key);

    List<E> list(int limit, int offset);

    long count();

    /** Creates or replaces. */
    void put(E entity);

    /** @return false when there was no such entity */
    boolean delete(String key);

    /** Creates or replaces them all in one transaction: all or none. */
    void putAll(List<E> entities);

    /** Deletes them all in one transaction; missing ones are ignored. */
    void deleteAll(List<String> keys);
}
