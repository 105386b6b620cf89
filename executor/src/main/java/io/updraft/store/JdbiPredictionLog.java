package io.updraft.store;

import io.updraft.api.model.PredictionRecord;
import io.updraft.ml.PredictionAudit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The prediction log in table {@code ml_prediction}: appends, time-range reads, pages for audit, late labels. */
final class JdbiPredictionLog {

    private static final String COLUMNS = "model_name, model_version, predicted_at, score, label, prediction_id, "
            + "input_sha256, input_text, true_label";

    private final Jdbi jdbi;

    JdbiPredictionLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void append(List<PredictionRecord> predictions) {
        if (predictions.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO ml_prediction (" + COLUMNS + ") VALUES (:name, "
                    + ":version, :time, :score, :label, :id, :sha, :input, :true_label)");
            for (PredictionRecord p : predictions) {
                batch.bind("name", p.modelName()).bind("version", p.modelVersion()).bind("time", p.time())
                        .bind("score", p.score()).bind("label", p.label()).bind("id", p.predictionId())
                        .bind("sha", p.inputSha256()).bind("input", p.input()).bind("true_label", p.trueLabel())
                        .add();
            }
            batch.execute();
        });
    }

    List<PredictionRecord> between(String name, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ml_prediction WHERE model_name = "
                        + ":name AND predicted_at >= :from AND predicted_at < :to ORDER BY predicted_at, id")
                .bind("name", name).bind("from", from).bind("to", to)
                .map((rs, ctx) -> record(rs)).list());
    }

    PredictionAudit.Page page(String name, Integer version, int limit, int offset) {
        String where = " FROM ml_prediction WHERE model_name = :name" + (version == null ? ""
                : " AND model_version = :version");
        return jdbi.withHandle(h -> {
            Query rows = h.createQuery("SELECT " + COLUMNS + where + " ORDER BY predicted_at DESC, id DESC "
                    + "LIMIT :limit OFFSET :offset").bind("name", name).bind("limit", limit).bind("offset", offset);
            Query count = h.createQuery("SELECT COUNT(*)" + where).bind("name", name);
            if (version != null) {
                rows.bind("version", version);
                count.bind("version", version);
            }
            return new PredictionAudit.Page(rows.map((rs, ctx) -> record(rs)).list(), count.mapTo(Long.class).one());
        });
    }

    /**
     * Attaches true labels to predictions of a model by id, in one transaction; a label given again replaces the
     * earlier one.
     *
     * @return the ids that are not predictions of that model (nothing is stored when there is any)
     */
    List<String> label(String name, Map<String, Integer> labels, Instant now) {
        return jdbi.inTransaction(h -> {
            List<String> unknown = new ArrayList<>();
            Map<String, Integer> known = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : labels.entrySet()) {
                boolean exists = h.createQuery("SELECT COUNT(*) FROM ml_prediction WHERE prediction_id = :id "
                                + "AND model_name = :name")
                        .bind("id", e.getKey()).bind("name", name).mapTo(Integer.class).one() > 0;
                if (exists) {
                    known.put(e.getKey(), e.getValue());
                } else {
                    unknown.add(e.getKey());
                }
            }
            if (!unknown.isEmpty()) {
                return unknown;
            }
            PreparedBatch batch = h.prepareBatch("UPDATE ml_prediction SET true_label = :label, labelled_at = :now "
                    + "WHERE prediction_id = :id AND model_name = :name");
            known.forEach((id, label) -> batch.bind("label", label).bind("now", now).bind("id", id)
                    .bind("name", name).add());
            batch.execute();
            return unknown;
        });
    }

    private static PredictionRecord record(ResultSet rs) throws SQLException {
        java.time.OffsetDateTime time = rs.getObject("predicted_at", java.time.OffsetDateTime.class);
        return new PredictionRecord(time.toInstant(), rs.getString("model_name"), rs.getInt("model_version"),
                rs.getDouble("score"), rs.getInt("label"), rs.getString("prediction_id"),
                rs.getString("input_sha256"), rs.getString("input_text"), rs.getObject("true_label", Integer.class));
    }
}
