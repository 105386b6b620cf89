package io.updraft.dag;

import java.time.Instant;

/**
 * A DAG file that failed to load (Airflow's import_error).
 *
 * @param id store-assigned; ignored by {@link ImportErrorStore#replaceAll}
 */
public record ImportErrorRecord(long id, Instant timestamp, String filename, String stackTrace) {
}
