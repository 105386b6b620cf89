package io.updraft.plugins.ml;

import io.updraft.api.model.AliasChange;
import io.updraft.api.model.ArtifactDigest;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.NewModelVersion;
import io.updraft.api.model.PredictionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry contract in memory, for plugin tests without the executor (the executor's store implementation has
 * its own contract tests on H2 and PostgreSQL).
 */
final class InMemoryModelRegistry implements ModelRegistry {

    private final Map<String, List<ModelVersion>> versions = new TreeMap<>();
    private final Map<String, Map<String, Integer>> aliases = new TreeMap<>();
    private final List<AliasChange> history = new ArrayList<>();
    final List<PredictionRecord> predictions = new ArrayList<>();
    final List<MonitoringResult> monitoring = new ArrayList<>();

    private final java.nio.file.Path artifactRoot;

    InMemoryModelRegistry() {
        try {
            artifactRoot = java.nio.file.Files.createTempDirectory("registry");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Like the store's registry: copies the artifact to storage of its own and records its digest. */
    @Override
    public synchronized ModelVersion register(NewModelVersion v) {
        ArtifactDigest.Stored stored;
        try {
            stored = ArtifactDigest.copyInto(java.nio.file.Path.of(v.artifactPath()), artifactRoot.resolve(v.name()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<ModelVersion> list = versions.computeIfAbsent(v.name(), n -> new ArrayList<>());
        ModelVersion version = new ModelVersion(v.name(), list.size() + 1, v.rejected() ? ModelVersion.REJECTED
                : ModelVersion.CANDIDATE, v.format(), stored.path().toString(), v.algorithm(), v.metrics(),
                v.validation(), v.lineage(), v.provenanceJson(), Instant.now(), List.of(), stored.sha256(),
                v.artifactPath());
        list.add(version);
        return version;
    }

    @Override
    public synchronized List<String> modelNames() {
        return List.copyOf(versions.keySet());
    }

    @Override
    public synchronized List<ModelVersion> versions(String name) {
        return versions.getOrDefault(name, List.of()).stream().map(this::withAliases).toList();
    }

    private ModelVersion withAliases(ModelVersion v) {
        List<String> names = aliases.getOrDefault(v.name(), Map.of()).entrySet().stream()
                .filter(e -> e.getValue() == v.version()).map(Map.Entry::getKey).sorted().toList();
        return new ModelVersion(v.name(), v.version(), v.status(), v.format(), v.artifactPath(), v.algorithm(),
                v.metrics(), v.validation(), v.lineage(), v.provenanceJson(), v.createdAt(), names, v.artifactSha256(),
                v.sourcePath());
    }

    @Override
    public synchronized Optional<ModelVersion> version(String name, int version) {
        return versions(name).stream().filter(v -> v.version() == version).findFirst();
    }

    @Override
    public synchronized Optional<ModelVersion> alias(String name, String alias) {
        Integer v = aliases.getOrDefault(name, Map.of()).get(alias);
        return v == null ? Optional.empty() : version(name, v);
    }

    @Override
    public synchronized void setAlias(String name, String alias, int version, String actor) {
        version(name, version).orElseThrow();
        Integer previous = aliases.computeIfAbsent(name, n -> new TreeMap<>()).put(alias, version);
        history.add(0, new AliasChange(name, alias, version, previous, "set", actor, Instant.now()));
    }

    @Override
    public synchronized ModelVersion promote(String name, int version, String actor) {
        ModelVersion target = version(name, version).orElseThrow();
        Integer previous = aliases.computeIfAbsent(name, n -> new TreeMap<>()).put(ModelVersion.CHAMPION, version);
        setStatus(name, version, ModelVersion.PRODUCTION);
        if (previous != null && previous != version) {
            setStatus(name, previous, ModelVersion.ARCHIVED);
        }
        history.add(0, new AliasChange(name, ModelVersion.CHAMPION, version, previous, "promote", actor,
                Instant.now()));
        return version(name, target.version()).orElseThrow();
    }

    private void setStatus(String name, int version, String status) {
        List<ModelVersion> list = versions.get(name);
        ModelVersion v = list.get(version - 1);
        list.set(version - 1, new ModelVersion(v.name(), v.version(), status, v.format(), v.artifactPath(),
                v.algorithm(), v.metrics(), v.validation(), v.lineage(), v.provenanceJson(), v.createdAt(),
                List.of(), v.artifactSha256(), v.sourcePath()));
    }

    @Override
    public synchronized ModelVersion rollback(String name, String actor) {
        throw new UnsupportedOperationException("not needed by the plugin tests");
    }

    @Override
    public List<Integer> pruneArtifacts(String name, java.time.Duration retention) {
        throw new UnsupportedOperationException("the store's registry has the retention tests");
    }

    @Override
    public synchronized List<AliasChange> aliasHistory(String name) {
        return history.stream().filter(c -> c.name().equals(name)).toList();
    }

    @Override
    public synchronized void logPredictions(List<PredictionRecord> records) {
        predictions.addAll(records);
    }

    @Override
    public synchronized List<PredictionRecord> predictions(String name, Instant from, Instant to) {
        return predictions.stream().filter(p -> p.modelName().equals(name) && !p.time().isBefore(from)
                && p.time().isBefore(to)).sorted(Comparator.comparing(PredictionRecord::time)).toList();
    }

    @Override
    public synchronized MonitoringResult recordMonitoring(MonitoringResult r) {
        MonitoringResult stored = new MonitoringResult(monitoring.size() + 1, r.modelName(), r.computedAt(),
                r.windowStart(), r.windowEnd(), r.state(), r.statistics(), r.dagId(), r.runId());
        monitoring.add(stored);
        return stored;
    }

    @Override
    public synchronized List<MonitoringResult> monitoring(String name, int limit) {
        List<MonitoringResult> newestFirst = new ArrayList<>(monitoring);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().filter(m -> m.modelName().equals(name)).limit(limit).toList();
    }
}
