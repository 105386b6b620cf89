package io.updraft.dag;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Persistence of DAG import errors. Thread-safe. */
public interface ImportErrorStore {

    /**
     * Replaces every stored import error by {@code errors}, in one transaction: the outcome of loading the whole
     * DAGs folder, so files that load again lose their errors.
     */
    void replaceAll(Collection<ImportErrorRecord> errors);

    /** Ordered by filename, then id. */
    List<ImportErrorRecord> list(int limit, int offset);

    Optional<ImportErrorRecord> find(long id);

    long count();
}
