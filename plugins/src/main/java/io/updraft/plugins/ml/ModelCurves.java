package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The curves of a model card, from held-out scores: ROC and precision-recall (one point per distinct threshold,
 * thinned to at most {@value #MAX_POINTS}), calibration (10 equal-width score bins: mean score against the observed
 * share of positives, with the expected calibration error), and the decision threshold with its reason.
 */
final class ModelCurves {

    static final int MAX_POINTS = 60;
    static final int CALIBRATION_BINS = 10;

    private ModelCurves() {
    }

    static Map<String, Object> of(double[] scores, int[] y) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<double[]> roc = new ArrayList<>();
        List<double[]> pr = new ArrayList<>();
        sweep(scores, y, roc, pr);
        out.put("roc", thin(roc));
        out.put("precision_recall", thin(pr));
        List<Map<String, Object>> calibration = calibration(scores, y);
        out.put("calibration", calibration);
        double ece = expectedCalibrationError(calibration, scores.length);
        out.put("expected_calibration_error", ece);
        out.put("threshold", BinaryMetrics.THRESHOLD);
        out.put("threshold_reason", String.format(Locale.ROOT, "%.2f: the scores are probabilities of phishing "
                + "(expected calibration error %.3f on %d held-out rows) and the classes are balanced with no stated "
                + "cost difference between a missed phishing URL and a blocked legitimate one, so the most probable "
                + "class is predicted; the threshold is not tuned on the held-out rows", BinaryMetrics.THRESHOLD, ece,
                scores.length));
        return out;
    }

    /** Points (FPR, TPR) and (recall, precision) at every distinct score taken as the threshold, high to low. */
    static void sweep(double[] scores, int[] y, List<double[]> roc, List<double[]> pr) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long positives = Arrays.stream(y).filter(v -> v == 1).count();
        long negatives = y.length - positives;
        long tp = 0;
        long fp = 0;
        roc.add(new double[] {0, 0});
        for (int k = 0; k < order.length; k++) {
            if (y[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = k == order.length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) {
                roc.add(new double[] {negatives == 0 ? 0 : (double) fp / negatives,
                    positives == 0 ? 0 : (double) tp / positives});
                pr.add(new double[] {positives == 0 ? 0 : (double) tp / positives, (double) tp / (tp + fp)});
            }
        }
    }

    /** Mean score, observed share of positives and count per equal-width score bin (empty bins left out). */
    static List<Map<String, Object>> calibration(double[] scores, int[] y) {
        double[] sum = new double[CALIBRATION_BINS];
        long[] positives = new long[CALIBRATION_BINS];
        long[] n = new long[CALIBRATION_BINS];
        for (int i = 0; i < scores.length; i++) {
            int bin = Math.min(CALIBRATION_BINS - 1, (int) (scores[i] * CALIBRATION_BINS));
            sum[bin] += scores[i];
            positives[bin] += y[i];
            n[bin]++;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (n[b] > 0) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("lower", (double) b / CALIBRATION_BINS);
                m.put("upper", (double) (b + 1) / CALIBRATION_BINS);
                m.put("mean_score", sum[b] / n[b]);
                m.put("observed", (double) positives[b] / n[b]);
                m.put("n", n[b]);
                out.add(m);
            }
        }
        return out;
    }

    /** Σ over bins of (n_b / N) · |observed_b − mean score_b|. */
    static double expectedCalibrationError(List<Map<String, Object>> calibration, int total) {
        double ece = 0;
        for (Map<String, Object> bin : calibration) {
            ece += ((Number) bin.get("n")).doubleValue() / total
                    * Math.abs((Double) bin.get("observed") - (Double) bin.get("mean_score"));
        }
        return ece;
    }

    private static List<double[]> thin(List<double[]> points) {
        if (points.size() <= MAX_POINTS) {
            return points;
        }
        List<double[]> out = new ArrayList<>();
        double step = (points.size() - 1) / (double) (MAX_POINTS - 1);
        for (int i = 0; i < MAX_POINTS; i++) {
            out.add(points.get((int) Math.round(i * step)));
        }
        return out;
    }
}
