package io.updraft.store;

import io.updraft.api.model.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's retention policy ({@link io.updraft.api.model.ModelRegistry#pruneArtifacts}): deletes the copies
 * of archived and rejected versions out of service for longer than the retention, never the champion, an aliased
 * version, one that served a prediction within the retention, nor a content-addressed copy a kept version shares.
 */
final class RegistryRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRetention.class);

    private record Row(int version, String status, String artifactPath, String sha256, Instant createdAt,
            Instant prunedAt) {
    }

    private RegistryRetention() {
    }

    static List<Integer> prune(Jdbi jdbi, Path artifactRoot, String name, Duration retention, Instant now) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("the retention must not be negative, not " + retention);
        }
        Instant since = now.minus(retention);
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT version, status, artifact_path, artifact_sha256, created_at, artifact_pruned_at
                        FROM ml_model_version WHERE name = :name ORDER BY version""")
                .bind("name", name)
                .map((rs, ctx) -> new Row(rs.getInt("version"), rs.getString("status"), rs.getString("artifact_path"),
                        rs.getString("artifact_sha256"), Columns.instant(rs, "created_at"),
                        Columns.instant(rs, "artifact_pruned_at")))
                .list());
        Set<Integer> aliased = new HashSet<>(jdbi.withHandle(h -> h.createQuery(
                "SELECT version FROM ml_model_alias WHERE name = :name").bind("name", name).mapTo(Integer.class)
                .list()));
        Map<Integer, Instant> leftChampion = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT previous_version, MAX(changed_at) AS left_at FROM ml_alias_event
                        WHERE name = :name AND alias = 'champion' AND previous_version IS NOT NULL
                        GROUP BY previous_version""")
                .bind("name", name)
                .map((rs, ctx) -> Map.entry(rs.getInt("previous_version"), Columns.instant(rs, "left_at")))
                .forEach(e -> leftChampion.put(e.getKey(), e.getValue())));
        Set<Integer> served = new HashSet<>(jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT model_version FROM ml_prediction
                        WHERE model_name = :name AND predicted_at >= :since""")
                .bind("name", name).bind("since", since).mapTo(Integer.class).list()));

        List<Row> expired = new ArrayList<>();
        Set<String> keptDigests = new HashSet<>();
        for (Row row : rows) {
            Instant outOfService = leftChampion.getOrDefault(row.version(), row.createdAt());
            if (outOfService.isBefore(row.createdAt())) {
                outOfService = row.createdAt();
            }
            boolean retired = ModelVersion.ARCHIVED.equals(row.status()) || ModelVersion.REJECTED.equals(row.status());
            if (row.prunedAt() == null && retired && !aliased.contains(row.version())
                    && !served.contains(row.version()) && outOfService.isBefore(since)) {
                expired.add(row);
            } else if (row.prunedAt() == null && row.sha256() != null) {
                keptDigests.add(row.sha256());
            }
        }
        Path modelRoot = artifactRoot.resolve(name).toAbsolutePath().normalize();
        List<Integer> pruned = new ArrayList<>();
        for (Row row : expired) {
            if (row.sha256() == null || keptDigests.contains(row.sha256())) {
                continue; // an older version without its own copy, or content a kept version still needs
            }
            Path folder = modelRoot.resolve(row.sha256()).normalize();
            if (!folder.startsWith(modelRoot) || !Path.of(row.artifactPath()).toAbsolutePath().startsWith(folder)) {
                continue; // not a copy this registry made: never delete it
            }
            deleteTree(folder);
            int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE ml_model_version SET artifact_pruned_at = :now "
                            + "WHERE name = :name AND version = :version AND artifact_pruned_at IS NULL")
                    .bind("now", now).bind("name", name).bind("version", row.version()).execute());
            if (updated == 1) {
                pruned.add(row.version());
            }
        }
        if (!pruned.isEmpty()) {
            LOG.info("Pruned the registry copies of {} versions {} (retention {})", name, pruned, retention);
        }
        return pruned;
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the registry copy " + folder + ": " + e.getMessage(), e);
        }
    }
}
