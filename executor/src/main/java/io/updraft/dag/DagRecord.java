package io.updraft.dag;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A DAG as stored in Airflow's {@code dag} table: what the loader found plus the scheduling bookmarks.
 *
 * @param isPaused only used when the DAG is first stored (is_paused_upon_creation); afterwards see
 *     {@link DagStore#setPaused}
 * @param owners comma-separated, as Airflow stores them
 * @param latestVersionHash hash of the latest {@code dag_version}
 */
public record DagRecord(
        String dagId,
        String fileloc,
        String dagDisplayName,
        String description,
        boolean isPaused,
        boolean isStale,
        String owners,
        List<String> tags,
        String timetableSummary,
        Integer maxActiveRuns,
        Integer maxActiveTasks,
        boolean hasImportErrors,
        Instant lastParsedTime,
        Instant nextDagrun,
        Instant nextDagrunDataIntervalStart,
        Instant nextDagrunDataIntervalEnd,
        Instant nextDagrunCreateAfter,
        String latestVersionHash) {

    public DagRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Whether the loader's part of the row is the same (not pause state, parse time or scheduling bookmarks). */
    public boolean sameDefinition(DagRecord other) {
        return dagId.equals(other.dagId) && Objects.equals(fileloc, other.fileloc)
                && Objects.equals(dagDisplayName, other.dagDisplayName)
                && Objects.equals(description, other.description) && isStale == other.isStale
                && Objects.equals(owners, other.owners) && tags.equals(other.tags)
                && Objects.equals(timetableSummary, other.timetableSummary)
                && Objects.equals(maxActiveRuns, other.maxActiveRuns)
                && Objects.equals(maxActiveTasks, other.maxActiveTasks) && hasImportErrors == other.hasImportErrors
                && Objects.equals(latestVersionHash, other.latestVersionHash);
    }
}
