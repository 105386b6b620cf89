package io.updraft.dag;

import java.util.Collection;

/** Persistence of DAG warnings. Thread-safe. */
public interface DagWarningStore {

    /** Replaces every stored warning by {@code warnings}, in one transaction (the outcome of a folder load). */
    void replaceAll(Collection<DagWarningRecord> warnings);

    long count();
}
