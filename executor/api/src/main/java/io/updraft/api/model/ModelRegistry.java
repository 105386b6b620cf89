package io.updraft.api.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The host's model registry: versions with their lineage, the {@code champion}/{@code challenger} aliases, the
 * prediction log and monitoring results. Implementations are thread-safe and persistent.
 */
public interface ModelRegistry {

    /**
     * Stores a new version (status candidate, or rejected) and returns it with its number. The registry copies the
     * artifact ({@link NewModelVersion#artifactPath()}: a file, or a folder of files) into storage it owns, records
     * its {@link ArtifactDigest}, and returns the copy's path as {@link ModelVersion#artifactPath()}: the version
     * stays servable when the source is deleted, and a copy altered later is detected.
     *
     * @throws java.io.UncheckedIOException when the artifact cannot be read or copied (nothing is stored)
     */
    ModelVersion register(NewModelVersion version);

    /** Names of the registered models, sorted. */
    List<String> modelNames();

    /** Every version of a model, oldest first; empty for an unknown model. */
    List<ModelVersion> versions(String name);

    Optional<ModelVersion> version(String name, int version);

    /** The version an alias points at. */
    Optional<ModelVersion> alias(String name, String alias);

    /** Points an alias at a version (not champion: use {@link #promote}). */
    void setAlias(String name, String alias, int version, String actor);

    /**
     * Makes a version the champion: status production, the former champion archived, the move recorded with the
     * former champion so that {@link #rollback} can return to it.
     *
     * @throws java.util.NoSuchElementException when there is no such version
     */
    ModelVersion promote(String name, int version, String actor);

    /**
     * Makes the champion that preceded the current one's promotion champion again.
     *
     * @throws java.util.NoSuchElementException when there is no champion
     * @throws IllegalStateException when the current champion had no predecessor
     */
    ModelVersion rollback(String name, String actor);

    /**
     * Deletes the registry's copies of archived and rejected versions that left service (were registered, or
     * last lost the champion alias) more than {@code retention} ago. Never the champion, a version any alias points
     * at, one that served a prediction within the last {@code retention}, nor a copy another kept version shares
     * (copies are content-addressed). The versions stay listed, with {@link ModelVersion#artifactPrunedAt()}.
     *
     * @return the versions whose copies were deleted now
     */
    List<Integer> pruneArtifacts(String name, Duration retention);

    /** Alias moves of a model, newest first. */
    List<AliasChange> aliasHistory(String name);

    /** Appends predictions to the log. */
    void logPredictions(List<PredictionRecord> predictions);

    /** Logged predictions of a model with {@code from <= time < to}, oldest first. */
    List<PredictionRecord> predictions(String name, Instant from, Instant to);

    /** Stores a monitoring result; returns it with its id. */
    MonitoringResult recordMonitoring(MonitoringResult result);

    /** Monitoring results of a model, newest first, at most {@code limit}. */
    List<MonitoringResult> monitoring(String name, int limit);
}
