package io.updraft.store;

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

    void markCompleted(long id, Instant at);
}
