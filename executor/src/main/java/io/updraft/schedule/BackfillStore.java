package io.updraft.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of backfills. Thread-safe. */
public interface BackfillStore {

    /** @return the stored backfill with its id */
    BackfillRecord create(BackfillRecord backfill);

    Optional<BackfillRecord> find(long id);

    /** Of one DAG, or of all when {@code dagId} is null; oldest first. */
    List<BackfillRecord> list(String dagId);

    /** Backfills not completed yet (still creating runs, paused, or waiting for their runs); oldest first. */
    List<BackfillRecord> listUncompleted();

    /** Sets completed_at unless it is set already. */
    void markCompleted(long id, Instant at);

    /** Pauses or unpauses; updated_at becomes {@code at}. */
    void setPaused(long id, boolean paused, Instant at);

    /** Records a run the backfill created; {@code sortOrdinal} counts from 1 in creation order. */
    void addRun(long backfillId, String dagId, String runId, Instant logicalDate, int sortOrdinal);

    /** Run ids of the runs the backfill created that still exist, in creation order. */
    List<String> runIds(long backfillId);

    /** Logical dates of the runs the backfill created that still exist, in creation order. */
    List<Instant> logicalDates(long backfillId);

    /** How many of the runs the backfill created are queued or running. */
    int unfinishedRuns(long backfillId);
}
