package io.updraft.store;

import io.updraft.run.StaleStateException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import org.jdbi.v3.core.Handle;

/**
 * Pools hold across every engine sharing the store: a commit that starts tries in a pool locks the pool's row and
 * counts the slots taken by queued and running task instances of all engines, its own writes included; over the
 * pool's slots, the commit is refused and the engine reloads its runs. Engines also learn, every second, how many
 * slots the others hold ({@link #occupiedByOtherEngines}), so they rarely admit more than is left.
 */
public final class PoolCapacity {

    /** A commit would take more slots of a pool than it has. */
    public static final class PoolFullException extends StaleStateException {
        PoolFullException(String message) {
            super(message);
        }
    }

    private static final String OCCUPIED = "SELECT COALESCE(SUM(pool_slots), 0) FROM task_instance "
            + "WHERE state IN ('queued', 'running') AND pool = :pool";

    private PoolCapacity() {
    }

    /** Pools sorted, so two engines lock them in one order and never deadlock. */
    static void check(Handle handle, SortedSet<String> pools, Dialect dialect) {
        for (String pool : pools) {
            Integer slots = handle.createQuery("SELECT slots FROM slot_pool WHERE pool = :pool FOR UPDATE")
                    .bind("pool", pool).mapTo(Integer.class).findOne().orElse(null);
            if (slots == null || slots < 0) {
                continue; // a missing pool admits nothing (the engine waits for it); a negative one is unlimited
            }
            long occupied = handle.createQuery(OCCUPIED).bind("pool", pool).mapTo(Long.class).one();
            if (occupied > slots) {
                throw new PoolFullException("pool '" + pool + "' would have " + occupied + " of its " + slots
                        + " slots taken (other engines took slots meanwhile); no change was applied");
            }
        }
    }

    /** Slots of each pool held by queued and running task instances of engines other than {@code jobId}. */
    public static Map<String, Integer> occupiedByOtherEngines(Database database, Long jobId) {
        Map<String, Integer> occupied = new HashMap<>();
        database.jdbi().useHandle(h -> h.createQuery("SELECT pool, COALESCE(SUM(pool_slots), 0) AS taken "
                        + "FROM task_instance WHERE state IN ('queued', 'running') "
                        + "AND (job_id IS NULL OR job_id <> :job) GROUP BY pool")
                .bind("job", jobId == null ? -1L : jobId)
                .map((rs, ctx) -> occupied.put(rs.getString("pool"), rs.getInt("taken"))).list());
        return occupied;
    }
}
