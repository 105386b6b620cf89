package io.updraft.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code POST /api/v2/backfills} and {@code updraft backfill create} ask for (Airflow 3's body).
 *
 * @param fromDate first logical date considered (inclusive)
 * @param toDate last logical date considered (inclusive)
 * @param runBackwards create the newest run first
 * @param maxActiveRuns queued or running backfill runs of the DAG at most; Airflow's default is 10
 */
public record BackfillRequest(String dagId, Instant fromDate, Instant toDate, boolean runBackwards,
                              Map<String, Object> dagRunConf, ReprocessBehavior reprocessBehavior,
                              int maxActiveRuns) {

    public static final int DEFAULT_MAX_ACTIVE_RUNS = 10;

    public BackfillRequest {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(fromDate, "fromDate");
        Objects.requireNonNull(toDate, "toDate");
        if (toDate.isBefore(fromDate)) {
            throw new IllegalArgumentException("to_date " + toDate + " is before from_date " + fromDate);
        }
        if (maxActiveRuns < 1) {
            throw new IllegalArgumentException("max_active_runs must be at least 1, not " + maxActiveRuns);
        }
        // a copy that keeps JSON nulls (Map.copyOf refuses them)
        dagRunConf = dagRunConf == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dagRunConf));
        reprocessBehavior = reprocessBehavior == null ? ReprocessBehavior.NONE : reprocessBehavior;
    }

    public static BackfillRequest of(String dagId, Instant fromDate, Instant toDate) {
        return new BackfillRequest(dagId, fromDate, toDate, false, Map.of(), ReprocessBehavior.NONE,
                DEFAULT_MAX_ACTIVE_RUNS);
    }
}
