package io.updraft.app;

import io.updraft.store.Database;
import io.updraft.config.Pool;
import io.updraft.store.PoolCapacity;
import io.updraft.config.PoolStore;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pool sizes for the engine's admission, read from the store every second or two rather than on every decision
 * (a pool created or resized through the API takes effect within that time). With other engines on the same store,
 * the slots they hold are left out, so this engine admits only what is left; the commit checks it under a lock
 * ({@link PoolCapacity}). Thread-safe.
 */
final class PoolSlots {

    private final PoolStore pools;
    private final Database database;
    private final Long jobId;
    private final boolean shared;
    private volatile Map<String, Integer> slots = Map.of();

    /** @param shared other engines may use the same store: leave out the slots they hold */
    PoolSlots(PoolStore pools, Database database, Long jobId, boolean shared) {
        this.pools = pools;
        this.database = database;
        this.jobId = jobId;
        this.shared = shared;
        refresh();
    }

    void refresh() {
        try {
            read();
        } catch (RuntimeException e) {
            // the store is away (restarting): keep the last figures and try again at the next refresh
            org.slf4j.LoggerFactory.getLogger(PoolSlots.class).warn("Could not read the pools: {}", e.getMessage());
        }
    }

    private void read() {
        Map<String, Integer> others = shared ? PoolCapacity.occupiedByOtherEngines(database, jobId) : Map.of();
        Map<String, Integer> fresh = new ConcurrentHashMap<>();
        for (Pool pool : pools.list(Integer.MAX_VALUE, 0)) {
            fresh.put(pool.name(), pool.slots() < 0 ? pool.slots()
                    : Math.max(0, pool.slots() - others.getOrDefault(pool.name(), 0)));
        }
        slots = fresh;
    }

    /** -1 for unlimited; empty when the pool does not exist. */
    OptionalInt slots(String pool) {
        Integer value = slots.get(pool);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
