package io.updraft.dag;

import java.util.Optional;

/** The DAGs the last load of the DAGs folder found, and the files that failed to load. Thread-safe. */
public interface LoadedDags {

    /** A DAG of the last load. */
    Optional<Dag> find(String dagId);

    /** Whether the DAG file failed to load, in whole or in part, at the last load. */
    boolean hasImportErrors(String fileloc);
}
