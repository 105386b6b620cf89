package io.updraft.job;

import java.time.Instant;

/**
 * An engine process (Airflow's job table).
 *
 * @param state {@link JobStore#RUNNING} while alive, then {@link JobStore#SUCCESS} or {@link JobStore#FAILED}
 */
public record Job(
        long id, String jobType, String hostname, int pid, String state, Instant startDate, Instant endDate,
        Instant latestHeartbeat) {
}
