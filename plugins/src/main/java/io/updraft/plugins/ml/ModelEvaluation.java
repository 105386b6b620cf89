package io.updraft.plugins.ml;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.distribution.discrete.BinomialDistribution;

/**
 * Statistics of held-out predictions: metrics with bootstrap confidence intervals, McNemar's test of two models'
 * errors on the same rows, and a paired bootstrap of the AUC difference. All resampling is seeded.
 */
public final class ModelEvaluation {

    private ModelEvaluation() {
    }

    /** A point estimate with a percentile bootstrap interval. */
    public record Interval(double estimate, double lower, double upper) {
    }

    /** Metrics on {@code rows} held-out rows and their 95% bootstrap intervals, by metric name. */
    public record Evaluation(int rows, int bootstrap, long seed, BinaryMetrics metrics,
            Map<String, Interval> intervals) {
    }

    /** McNemar's test on the 2×2 table of two models' correctness over the same rows. */
    public record McNemar(long bothCorrect, long onlyChampionCorrect, long onlyChallengerCorrect, long bothWrong,
            double statistic, double pValue, String method) {
    }

    /** Paired bootstrap of AUC(challenger) − AUC(champion) on the same rows. */
    public record PairedAuc(double difference, double lower, double upper, double shareChallengerNotBetter,
            int bootstrap, double confidence) {
    }

    public static Evaluation evaluate(double[] scores, int[] labels, int bootstrap, long seed) {
        int n = scores.length;
        int[] order = BinaryMetrics.order(scores);
        BinaryMetrics point = BinaryMetrics.of(scores, labels, null, order);
        double[][] samples = new double[BinaryMetrics.NAMES.size()][bootstrap];
        SplittableRandom random = new SplittableRandom(seed);
        int[] weights = new int[n];
        for (int b = 0; b < bootstrap; b++) {
            resample(random, weights);
            BinaryMetrics m = BinaryMetrics.of(scores, labels, weights, order);
            for (int k = 0; k < samples.length; k++) {
                samples[k][b] = BinaryMetrics.get(m, BinaryMetrics.NAMES.get(k));
            }
        }
        Map<String, Interval> intervals = new LinkedHashMap<>();
        for (int k = 0; k < samples.length; k++) {
            String name = BinaryMetrics.NAMES.get(k);
            intervals.put(name, new Interval(BinaryMetrics.get(point, name), percentile(samples[k], 0.025),
                    percentile(samples[k], 0.975)));
        }
        return new Evaluation(n, bootstrap, seed, point, intervals);
    }

    /**
     * McNemar's test: exact two-sided binomial test when the discordant pairs are fewer than 25, else the
     * chi-square statistic with continuity correction {@code (|b − c| − 1)² / (b + c)} on 1 degree of freedom.
     */
    public static McNemar mcnemar(boolean[] championCorrect, boolean[] challengerCorrect) {
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        for (int i = 0; i < championCorrect.length; i++) {
            if (championCorrect[i] && challengerCorrect[i]) {
                a++;
            } else if (championCorrect[i]) {
                b++;
            } else if (challengerCorrect[i]) {
                c++;
            } else {
                d++;
            }
        }
        return mcnemar(a, b, c, d);
    }

    /**
     * @param b rows only the champion gets right
     * @param c rows only the challenger gets right
     */
    public static McNemar mcnemar(long a, long b, long c, long d) {
        long discordant = b + c;
        if (discordant == 0) {
            return new McNemar(a, b, c, d, 0, 1, "none: no discordant pairs");
        }
        if (discordant < 25) {
            BinomialDistribution binomial = new BinomialDistribution((int) discordant, 0.5);
            double p = Math.min(1, 2 * binomial.cumulativeProbability((int) Math.min(b, c)));
            return new McNemar(a, b, c, d, Math.min(b, c), p, "exact binomial");
        }
        double x = Math.pow(Math.abs(b - c) - 1, 2) / discordant;
        double p = 1 - new ChiSquaredDistribution(1).cumulativeProbability(x);
        return new McNemar(a, b, c, d, x, p, "chi-square with continuity correction");
    }

    public static PairedAuc pairedBootstrapAuc(double[] championScores, double[] challengerScores, int[] labels,
            int bootstrap, long seed, double confidence) {
        int n = labels.length;
        int[] championOrder = BinaryMetrics.order(championScores);
        int[] challengerOrder = BinaryMetrics.order(challengerScores);
        double difference = BinaryMetrics.auc(challengerScores, labels, null, challengerOrder)
                - BinaryMetrics.auc(championScores, labels, null, championOrder);
        double[] diffs = new double[bootstrap];
        SplittableRandom random = new SplittableRandom(seed);
        int[] weights = new int[n];
        int notBetter = 0;
        for (int b = 0; b < bootstrap; b++) {
            resample(random, weights);
            diffs[b] = BinaryMetrics.auc(challengerScores, labels, weights, challengerOrder)
                    - BinaryMetrics.auc(championScores, labels, weights, championOrder);
            if (!(diffs[b] > 0)) {
                notBetter++;
            }
        }
        double tail = (1 - confidence) / 2;
        return new PairedAuc(difference, percentile(diffs, tail), percentile(diffs, 1 - tail),
                (double) notBetter / bootstrap, bootstrap, confidence);
    }

    private static void resample(SplittableRandom random, int[] weights) {
        java.util.Arrays.fill(weights, 0);
        int n = weights.length;
        for (int i = 0; i < n; i++) {
            weights[random.nextInt(n)]++;
        }
    }

    /** Percentile of the finite values (NaN when there are none). */
    static double percentile(double[] values, double q) {
        double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        double position = q * (finite.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(finite.length - 1, lo + 1);
        return finite[lo] + (position - lo) * (finite[hi] - finite[lo]);
    }
}
