package io.updraft.schedule;

import java.time.Instant;
import java.util.Map;

/** A backfill as stored (Airflow 3's backfill table); {@code completedAt} is set once all its runs exist. */
public record BackfillRecord(long id, String dagId, Instant fromDate, Instant toDate, boolean runBackwards,
                             Map<String, Object> dagRunConf, String reprocessBehavior, int maxActiveRuns,
                             boolean isPaused, Instant createdAt, Instant completedAt, Instant updatedAt) {

    public BackfillRecord {
        dagRunConf = dagRunConf == null ? Map.of() : dagRunConf;
    }
}
