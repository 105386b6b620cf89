package io.updraft.api.model;

import java.time.Instant;

/** One logged prediction: when, by which model version, the score (probability of class 1) and the label. */
public record PredictionRecord(Instant time, String modelName, int modelVersion, double score, int label) {
}
