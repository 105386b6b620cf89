package io.updraft.bench;

import io.updraft.store.Database;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's floor for the engine: how many single task-instance state updates per second the database takes
 * when each is its own transaction, as the engine's per-task writes are. Uses a throw-away run of its own DAG id
 * and deletes it afterwards.
 */
public final class StoreFloorBenchmark {

    /** @param writesPerSecond writes divided by elapsed wall time */
    public record Result(int writes, long elapsedMillis, double writesPerSecond) {
    }

    private static final String DAG_ID = "__updraft_store_floor_benchmark__";
    /** One task instance's state change, checking the state it leaves, as the engine writes it. */
    private static final String UPDATE_STATE = """
            UPDATE task_instance SET state = :state, updated_at = :updated_at
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id
                AND map_index = :map_index AND state IS NOT DISTINCT FROM :expected_state""";

    private StoreFloorBenchmark() {
    }

    public static Result run(Database db, int writes) {
        if (writes <= 0) {
            throw new IllegalArgumentException("writes must be positive: " + writes);
        }
        Jdbi jdbi = db.jdbi();
        String runId = "benchmark__" + UUID.randomUUID();
        setUp(jdbi, runId, 1);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                // Alternate the state so every write changes the row and checks the previous state, as the engine does.
                String expected = i % 2 == 0 ? "queued" : "running";
                String next = i % 2 == 0 ? "running" : "queued";
                int updated = jdbi.inTransaction(h -> h.createUpdate(UPDATE_STATE)
                        .bind("state", next)
                        .bindByType("updated_at", Instant.now(), Instant.class)
                        .bind("dag_id", DAG_ID)
                        .bind("run_id", runId)
                        .bind("task_id", "task_0")
                        .bind("map_index", -1)
                        .bind("expected_state", expected)
                        .execute());
                if (updated != 1) {
                    throw new IllegalStateException("Benchmark row was changed by someone else");
                }
            }
            long elapsedNanos = System.nanoTime() - start;
            return new Result(writes, elapsedNanos / 1_000_000, writes / (elapsedNanos / 1e9));
        } finally {
            // task_instance rows go with the run (ON DELETE CASCADE).
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id")
                    .bind("dag_id", DAG_ID)
                    .bind("run_id", runId)
                    .execute());
        }
    }

    /**
     * The batched floor: the same number of state writes over {@code rows} task instances, grouped into
     * {@code transactions} transactions of JDBC batches, as the engine groups a fan-out's writes into its commits.
     */
    public static Result runBatched(Database db, int rows, int writes, int transactions) {
        if (rows <= 0 || writes <= 0 || transactions <= 0) {
            throw new IllegalArgumentException("rows, writes and transactions must be positive");
        }
        Jdbi jdbi = db.jdbi();
        String runId = "benchmark__" + UUID.randomUUID();
        setUp(jdbi, runId, rows);
        try {
            long start = System.nanoTime();
            for (int t = 0; t < transactions; t++) {
                int from = (int) ((long) writes * t / transactions);
                int to = (int) ((long) writes * (t + 1) / transactions);
                jdbi.useTransaction(h -> {
                    org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch(UPDATE_STATE);
                    for (int i = from; i < to; i++) {
                        // each pass over the rows flips their state, so every write changes its row
                        boolean even = (i / rows) % 2 == 0;
                        batch.bind("state", even ? "running" : "queued")
                                .bindByType("updated_at", Instant.now(), Instant.class)
                                .bind("dag_id", DAG_ID).bind("run_id", runId).bind("task_id", "task_" + (i % rows))
                                .bind("map_index", -1).bind("expected_state", even ? "queued" : "running").add();
                    }
                    batch.execute();
                });
            }
            long elapsedNanos = System.nanoTime() - start;
            return new Result(writes, elapsedNanos / 1_000_000, writes / (elapsedNanos / 1e9));
        } finally {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id")
                    .bind("dag_id", DAG_ID)
                    .bind("run_id", runId)
                    .execute());
        }
    }

    /** The throw-away run with {@code rows} queued task instances named task_0, task_1, ... */
    private static void setUp(Jdbi jdbi, String runId, int rows) {
        Instant now = Instant.now();
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO dag_run (dag_id, run_id, run_after, run_type, state, conf, updated_at)
                            VALUES (:dag_id, :run_id, :now, 'manual', 'running', '{}', :now)""")
                    .bind("dag_id", DAG_ID)
                    .bind("run_id", runId)
                    .bindByType("now", now, Instant.class)
                    .execute();
            org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO task_instance (id, dag_id, run_id, task_id, map_index, state, pool, updated_at)
                    VALUES (:id, :dag_id, :run_id, :task_id, -1, 'queued', 'default_pool', :now)""");
            for (int i = 0; i < rows; i++) {
                batch.bind("id", UUID.randomUUID().toString()).bind("dag_id", DAG_ID).bind("run_id", runId)
                        .bind("task_id", "task_" + i).bindByType("now", now, Instant.class).add();
            }
            if (rows > 0) {
                batch.execute();
            }
        });
    }
}
