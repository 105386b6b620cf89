package io.updraft.store;

import io.updraft.api.model.Lineage;
import io.updraft.api.model.ModelVersion;
import io.updraft.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads model versions with their aliases from {@code ml_model_version} and {@code ml_model_alias}. */
final class ModelVersionRows {

    private static final String VERSION_COLUMNS = """
            v.name, v.version, v.status, v.format, v.artifact_path, v.algorithm, v.metrics, v.validation,
            v.data_sha256, v.dag_id, v.dag_version, v.run_id, v.task_id, v.code_version, v.provenance, v.created_at,
            v.artifact_sha256, v.source_path, v.features_sha256, v.artifact_pruned_at""";

    private ModelVersionRows() {
    }

    /** Every version of a model, oldest first. */
    static List<ModelVersion> all(Handle h, String name) {
        Map<Integer, List<String>> aliases = aliases(h, name);
        return h.createQuery("SELECT " + VERSION_COLUMNS + " FROM ml_model_version v WHERE v.name = :name "
                        + "ORDER BY v.version")
                .bind("name", name)
                .map((rs, ctx) -> version(rs, aliases))
                .list();
    }

    static Optional<ModelVersion> one(Handle h, String name, int version) {
        Map<Integer, List<String>> aliases = aliases(h, name);
        return h.createQuery("SELECT " + VERSION_COLUMNS + " FROM ml_model_version v WHERE v.name = :name "
                        + "AND v.version = :version")
                .bind("name", name).bind("version", version)
                .map((rs, ctx) -> version(rs, aliases))
                .findOne();
    }

    /** The version number an alias points at. */
    static Optional<Integer> aliasVersion(Handle h, String name, String alias) {
        return h.createQuery("SELECT version FROM ml_model_alias WHERE name = :name AND alias = :alias")
                .bind("name", name).bind("alias", alias).mapTo(Integer.class).findOne();
    }

    private static Map<Integer, List<String>> aliases(Handle h, String name) {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        h.createQuery("SELECT alias, version FROM ml_model_alias WHERE name = :name ORDER BY alias")
                .bind("name", name)
                .map((rs, ctx) -> Map.entry(rs.getInt("version"), rs.getString("alias")))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private static ModelVersion version(ResultSet rs, Map<Integer, List<String>> aliases) throws SQLException {
        int version = rs.getInt("version");
        return new ModelVersion(rs.getString("name"), version, rs.getString("status"), rs.getString("format"),
                rs.getString("artifact_path"), rs.getString("algorithm"), Json.readObject(rs.getString("metrics")),
                Json.readObject(rs.getString("validation")),
                new Lineage(rs.getString("data_sha256"), rs.getString("dag_id"), rs.getString("dag_version"),
                        rs.getString("run_id"), rs.getString("task_id"), rs.getString("code_version"),
                        rs.getString("features_sha256")),
                rs.getString("provenance"), Columns.instant(rs, "created_at"),
                List.copyOf(aliases.getOrDefault(version, List.of())), rs.getString("artifact_sha256"),
                rs.getString("source_path"), Columns.instant(rs, "artifact_pruned_at"));
    }

}
