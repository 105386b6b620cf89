package io.updraft.store;

import java.util.List;
import java.util.Optional;

/** Persistence of pools (Airflow's slot_pool). {@code default_pool} exists from the first migration. Thread-safe. */
public interface PoolStore {

    Optional<Pool> find(String name);

    /** Ordered by creation (default_pool first), as Airflow's default order_by id. */
    List<Pool> list(int limit, int offset);

    long count();

    /** Creates or replaces. */
    void put(Pool pool);

    /**
     * @return false when there was no such pool
     * @throws IllegalArgumentException for {@link Pool#DEFAULT_POOL}, with Airflow's message
     */
    boolean delete(String name);

    /** Creates or replaces them all in one transaction: all or none. */
    void putAll(List<Pool> pools);

    /**
     * Deletes them all in one transaction; missing ones are ignored.
     *
     * @throws IllegalArgumentException for {@link Pool#DEFAULT_POOL}, deleting nothing
     */
    void deleteAll(List<String> names);
}
