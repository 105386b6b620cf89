package io.updraft.dag;

import java.time.Instant;

/**
 * One stored DAG warning.
 *
 * @param id store-assigned; ignored by {@link DagWarningStore#replaceAll}
 * @param warningType Airflow's {@code warning_type}; the loader's warnings are {@code "dag config"}
 * @param dagDisplayName the DAG's display name when the DAG is loaded, else null (read only)
 * @param line 1-based line in {@code filename}; null when unknown
 */
public record DagWarningRecord(long id, String dagId, String warningType, String message, Instant timestamp,
                               String filename, Integer line, String dagDisplayName) {
}
