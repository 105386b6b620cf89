package io.updraft.plugins.ml;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Threshold and ranking metrics of a binary classifier from scores (probability of class 1) and 0/1 labels, with
 * optional integer row weights so that a bootstrap resample is a weight vector over the same rows.
 */
public record BinaryMetrics(double auc, double accuracy, double precision, double recall, double f1, long tp,
        long fp, long tn, long fn) {

    public static final double THRESHOLD = 0.5;

    public static BinaryMetrics of(double[] scores, int[] labels) {
        return of(scores, labels, null, order(scores));
    }

    /** Row indices sorted by ascending score: compute once, reuse for every weighting. */
    public static int[] order(double[] scores) {
        return java.util.stream.IntStream.range(0, scores.length).boxed()
                .sorted((a, b) -> Double.compare(scores[a], scores[b])).mapToInt(Integer::intValue).toArray();
    }

    /** @param weights how often each row counts (null = once each) */
    public static BinaryMetrics of(double[] scores, int[] labels, int[] weights, int[] order) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            int w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            boolean predicted = scores[i] >= THRESHOLD;
            if (labels[i] == 1) {
                if (predicted) {
                    tp += w;
                } else {
                    fn += w;
                }
            } else if (predicted) {
                fp += w;
            } else {
                tn += w;
            }
        }
        long n = tp + fp + tn + fn;
        double accuracy = n == 0 ? Double.NaN : (double) (tp + tn) / n;
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(auc(scores, labels, weights, order), accuracy, precision, recall, f1, tp, fp, tn,
                fn);
    }

    /** Area under the ROC curve (Mann–Whitney, ties counted half), weighted; NaN with one class only. */
    public static double auc(double[] scores, int[] labels, int[] weights, int[] order) {
        double positivesBelow = 0; // negatives seen so far with a lower score, weighted
        double negativesBelow = 0;
        double pairs = 0;
        double totalPos = 0;
        double totalNeg = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            double pos = 0;
            double neg = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                int row = order[j];
                int w = weights == null ? 1 : weights[row];
                if (labels[row] == 1) {
                    pos += w;
                } else {
                    neg += w;
                }
                j++;
            }
            pairs += pos * negativesBelow + 0.5 * pos * neg;
            negativesBelow += neg;
            positivesBelow += pos;
            i = j;
        }
        totalPos = positivesBelow;
        totalNeg = negativesBelow;
        return totalPos == 0 || totalNeg == 0 ? Double.NaN : pairs / (totalPos * totalNeg);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auc", auc);
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("confusion", Map.of("tp", tp, "fp", fp, "tn", tn, "fn", fn));
        return m;
    }

    static double get(BinaryMetrics m, String name) {
        return switch (name) {
            case "auc" -> m.auc;
            case "accuracy" -> m.accuracy;
            case "precision" -> m.precision;
            case "recall" -> m.recall;
            case "f1" -> m.f1;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    static final java.util.List<String> NAMES = Arrays.asList("auc", "accuracy", "precision", "recall", "f1");
}
