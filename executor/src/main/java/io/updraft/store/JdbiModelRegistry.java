package io.updraft.store;

import io.updraft.api.model.AliasChange;
import io.updraft.api.model.ArtifactDigest;
import io.updraft.api.model.Lineage;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.NewModelVersion;
import io.updraft.api.model.PredictionRecord;
import io.updraft.json.Json;
import io.updraft.ml.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ModelStore} in the store (tables {@code ml_*}, migrations V5 and V8), on H2 and PostgreSQL. Artifacts
 * are copied to {@code artifactRoot/<name>/<sha256>/} ({@link ArtifactDigest}) before their version is recorded, so
 * a version never points at files the registry does not own. Version numbers come
 * from {@code ml_model.latest_version}, incremented under the row lock, so concurrent registrations get distinct
 * numbers. Tells in-process listeners when a champion changes. Thread-safe.
 */
public final class JdbiModelRegistry implements ModelStore {

    private final Jdbi jdbi;
    private final Path artifactRoot;
    private final Dialect dialect;
    private final Clock clock;
    private final List<Consumer<String>> championListeners = new CopyOnWriteArrayList<>();
    private final JdbiPredictionLog predictionLog;
    private final ModelAliases aliases;

    /** @param artifactRoot where the registry keeps its copies of model artifacts ({@code UPDRAFT_HOME/ml/registry}) */
    public JdbiModelRegistry(Database database, Path artifactRoot) {
        this(database, artifactRoot, Clock.systemUTC());
    }

    public JdbiModelRegistry(Database database, Path artifactRoot, Clock clock) {
        this.jdbi = database.jdbi();
        this.artifactRoot = artifactRoot.toAbsolutePath();
        this.dialect = database.dialect();
        this.clock = clock;
        this.predictionLog = new JdbiPredictionLog(jdbi);
        this.aliases = new ModelAliases(jdbi, clock, this::championChanged);
    }

    @Override
    public void onChampionChange(Consumer<String> listener) {
        championListeners.add(listener);
    }

    @Override
    public ModelVersion register(NewModelVersion v) {
        requireName(v.name());
        if (v.format() == null || v.format().isBlank() || v.artifactPath() == null || v.artifactPath().isBlank()) {
            throw new IllegalArgumentException("a model version needs a format and an artifact path");
        }
        ArtifactDigest.Stored stored;
        try {
            stored = ArtifactDigest.copyInto(Path.of(v.artifactPath()), artifactRoot.resolve(v.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the artifact of a new version of '" + v.name() + "' from "
                    + v.artifactPath() + " into the registry: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        ensureModel(v.name(), now);
        int number = jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE ml_model SET latest_version = latest_version + 1 WHERE name = :name")
                    .bind("name", v.name()).execute();
            int version = h.createQuery("SELECT latest_version FROM ml_model WHERE name = :name")
                    .bind("name", v.name()).mapTo(Integer.class).one();
            Lineage l = v.lineage() == null ? new Lineage(null, null, null, null, null, null) : v.lineage();
            h.createUpdate("""
                    INSERT INTO ml_model_version (name, version, status, format, artifact_path, algorithm, metrics,
                        validation, data_sha256, dag_id, dag_version, run_id, task_id, code_version, provenance,
                        created_at, artifact_sha256, source_path, features_sha256)
                    VALUES (:name, :version, :status, :format, :artifact_path, :algorithm, :metrics, :validation,
                        :data_sha256, :dag_id, :dag_version, :run_id, :task_id, :code_version, :provenance, :now,
                        :artifact_sha256, :source_path, :features_sha256)""")
                    .bind("name", v.name()).bind("version", version)
                    .bind("status", v.rejected() ? ModelVersion.REJECTED : ModelVersion.CANDIDATE)
                    .bind("format", v.format()).bind("artifact_path", stored.path().toString())
                    .bind("artifact_sha256", stored.sha256())
                    .bind("source_path", Path.of(v.artifactPath()).toAbsolutePath().toString())
                    .bind("features_sha256", l.featuresSha256())
                    .bind("algorithm", v.algorithm())
                    .bind("metrics", Json.write(JsonSafe.of(v.metrics() == null ? Map.of() : v.metrics())))
                    .bind("validation", Json.write(JsonSafe.of(v.validation() == null ? Map.of() : v.validation())))
                    .bind("data_sha256", l.dataSha256()).bind("dag_id", l.dagId()).bind("dag_version", l.dagVersion())
                    .bind("run_id", l.runId()).bind("task_id", l.taskId()).bind("code_version", l.codeVersion())
                    .bind("provenance", v.provenanceJson()).bind("now", now)
                    .execute();
            return version;
        });
        return version(v.name(), number).orElseThrow();
    }

    /** Creates the model's row once; a concurrent creator winning the race is fine. */
    private void ensureModel(String name, Instant now) {
        boolean exists = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ml_model WHERE name = :name")
                .bind("name", name).mapTo(Integer.class).one() > 0);
        if (exists) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate(dialect.pick(
                            "INSERT INTO ml_model (name, latest_version, created_at) VALUES (:name, 0, :now)",
                            "INSERT INTO ml_model (name, latest_version, created_at) VALUES (:name, 0, :now) "
                            + "ON CONFLICT (name) DO NOTHING"))
                    .bind("name", name).bind("now", now).execute());
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            boolean created = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ml_model WHERE name = :name")
                    .bind("name", name).mapTo(Integer.class).one() > 0);
            if (!created) {
                throw e;
            }
        }
    }

    @Override
    public List<String> modelNames() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM ml_model ORDER BY name").mapTo(String.class)
                .list());
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return jdbi.withHandle(h -> ModelVersionRows.all(h, name));
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return jdbi.withHandle(h -> ModelVersionRows.one(h, name, version));
    }

    @Override
    public Optional<ModelVersion> alias(String name, String alias) {
        return jdbi.withHandle(h -> ModelVersionRows.aliasVersion(h, name, alias)
                .flatMap(v -> ModelVersionRows.one(h, name, v)));
    }

    @Override
    public Optional<Integer> championVersion(String name) {
        return jdbi.withHandle(h -> ModelVersionRows.aliasVersion(h, name, ModelVersion.CHAMPION));
    }

    @Override
    public void setAlias(String name, String alias, int version, String actor) {
        aliases.setAlias(name, alias, version, actor);
    }

    @Override
    public ModelVersion promote(String name, int version, String actor) {
        return aliases.promote(name, version, actor);
    }

    @Override
    public ModelVersion rollback(String name, String actor) {
        return aliases.rollback(name, actor);
    }

    @Override
    public ModelVersion rollbackTarget(String name) {
        return aliases.rollbackTarget(name);
    }

    private void championChanged(String name) {
        for (Consumer<String> listener : championListeners) {
            listener.accept(name);
        }
    }

    @Override
    public List<AliasChange> aliasHistory(String name) {
        return aliases.aliasHistory(name);
    }

    @Override
    public void logPredictions(List<PredictionRecord> predictions) {
        predictionLog.append(predictions);
    }

    @Override
    public List<PredictionRecord> predictions(String name, Instant from, Instant to) {
        return predictionLog.between(name, from, to);
    }

    @Override
    public Page predictionPage(String name, Integer version, int limit, int offset) {
        return predictionLog.page(name, version, limit, offset);
    }

    @Override
    public List<String> feedback(String name, Map<String, Integer> labels) {
        return predictionLog.label(name, labels, clock.instant());
    }

    @Override
    public List<Integer> pruneArtifacts(String name, java.time.Duration retention) {
        return RegistryRetention.prune(jdbi, artifactRoot, name, retention, clock.instant());
    }

    @Override
    public MonitoringResult recordMonitoring(MonitoringResult r) {
        requireName(r.modelName());
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO ml_monitoring (model_name, computed_at, window_start, window_end, state, statistics,
                            dag_id, run_id)
                        VALUES (:name, :computed_at, :window_start, :window_end, :state, :statistics, :dag_id, :run_id)""")
                .bind("name", r.modelName()).bind("computed_at", r.computedAt())
                .bind("window_start", r.windowStart()).bind("window_end", r.windowEnd()).bind("state", r.state())
                .bind("statistics", Json.write(JsonSafe.of(r.statistics() == null ? Map.of() : r.statistics())))
                .bind("dag_id", r.dagId()).bind("run_id", r.runId())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new MonitoringResult(id, r.modelName(), r.computedAt(), r.windowStart(), r.windowEnd(), r.state(),
                r.statistics(), r.dagId(), r.runId());
    }

    @Override
    public List<MonitoringResult> monitoring(String name, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, model_name, computed_at, window_start, window_end, state, statistics, dag_id, run_id
                        FROM ml_monitoring WHERE model_name = :name ORDER BY computed_at DESC, id DESC LIMIT :limit""")
                .bind("name", name).bind("limit", limit)
                .map((rs, ctx) -> new MonitoringResult(rs.getLong("id"), rs.getString("model_name"),
                        Columns.instant(rs, "computed_at"), Columns.instant(rs, "window_start"), Columns.instant(rs, "window_end"),
                        rs.getString("state"), Json.readObject(rs.getString("statistics")), rs.getString("dag_id"),
                        rs.getString("run_id")))
                .list());
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,250}")) {
            throw new IllegalArgumentException("model name must be 1-250 letters, digits, '_', '.' or '-', not '"
                    + name + "'");
        }
    }

}
