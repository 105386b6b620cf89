package io.updraft.api.model;

import java.time.Instant;

/**
 * One logged prediction: when, by which model version, the score (probability of class 1) and the label; the id
 * the caller was given (to feed back the true label), the SHA-256 of the input, the input itself when the host
 * logs inputs (else null), and the true label once fed back (else null).
 */
public record PredictionRecord(Instant time, String modelName, int modelVersion, double score, int label,
        String predictionId, String inputSha256, String input, Integer trueLabel) {

    /** A prediction without id, input or true label. */
    public PredictionRecord(Instant time, String modelName, int modelVersion, double score, int label) {
        this(time, modelName, modelVersion, score, label, null, null, null, null);
    }
}
