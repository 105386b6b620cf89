package io.updraft.app;

import io.updraft.store.Pool;
import io.updraft.store.PoolStore;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pool sizes for the engine's admission, read from the store every few seconds rather than on every decision
 * (a pool created or resized through the API takes effect within that time). Thread-safe.
 */
final class PoolSlots {

    private final PoolStore pools;
    private volatile Map<String, Integer> slots = Map.of();

    PoolSlots(PoolStore pools) {
        this.pools = pools;
        refresh();
    }

    void refresh() {
        Map<String, Integer> fresh = new ConcurrentHashMap<>();
        for (Pool pool : pools.list(Integer.MAX_VALUE, 0)) {
            fresh.put(pool.name(), pool.slots());
        }
        slots = fresh;
    }

    /** -1 for unlimited; empty when the pool does not exist. */
    OptionalInt slots(String pool) {
        Integer value = slots.get(pool);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
