package io.updraft.config;

import java.util.List;

/**
 * Persistence of pools (Airflow's slot_pool), listed by creation (default_pool first), as Airflow's default
 * order_by id. {@code default_pool} exists from the first migration and cannot be deleted. Thread-safe.
 */
public interface PoolStore extends KeyedStore<Pool> {

    /** @throws IllegalArgumentException for {@link Pool#DEFAULT_POOL}, with Airflow's message */
    @Override
    boolean delete(String name);

    /** @throws IllegalArgumentException for {@link Pool#DEFAULT_POOL}, deleting nothing */
    @Override
    void deleteAll(List<String> names);
}
