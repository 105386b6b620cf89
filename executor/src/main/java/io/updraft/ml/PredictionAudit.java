package io.updraft.ml;

import io.updraft.api.model.PredictionRecord;
import java.util.List;
import java.util.Map;

/** A model's prediction log as an auditor sees it: pages of it, and true labels attached afterwards. */
public interface PredictionAudit {

    /** A page of the log, newest first, optionally of one version; and the total count. */
    record Page(List<PredictionRecord> predictions, long total) {
    }

    /** A page of a model's prediction log, newest first, optionally of one version, with the total count. */
    Page predictionPage(String name, Integer version, int limit, int offset);

    /**
     * Attaches true labels (0 or 1) to logged predictions of a model by prediction id, all or none.
     *
     * @return the ids that are not predictions of that model (then nothing was stored)
     */
    List<String> feedback(String name, Map<String, Integer> labels);
}
