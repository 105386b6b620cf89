package io.updraft.api.model;

import java.util.List;

/** A loaded model: maps inputs to the probability of the positive class. Thread-safe. */
public interface Scorer {

    double score(String input);

    default double[] scores(List<String> inputs) {
        double[] out = new double[inputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(inputs.get(i));
        }
        return out;
    }

    /** Scores at or above this are labelled 1. */
    default double threshold() {
        return 0.5;
    }
}
