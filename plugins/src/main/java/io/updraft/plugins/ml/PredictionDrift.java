package io.updraft.plugins.ml;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.stat.inference.ChiSquareTest;
import org.hipparchus.stat.interval.BinomialProportion;
import org.hipparchus.stat.interval.ConfidenceInterval;

/**
 * Statistics for monitoring a deployed classifier without labels: how the share of predicted positives moves
 * between time windows or model versions (two-proportion z test, Pearson's chi-square on the class-count table,
 * Wilson intervals), and how the score distribution shifts (population stability index).
 */
public final class PredictionDrift {

    /** PSI's floor for an empty bin share, so that ln(a/e) stays finite. */
    static final double PSI_EPSILON = 1e-4;

    private PredictionDrift() {
    }

    /** A share of positives with its Wilson 95% interval (NaN bounds when {@code n} is 0). */
    public record Proportion(long n, long positives, double ratio, double lower, double upper) {
    }

    public static Proportion proportion(long positives, long n) {
        if (n == 0) {
            return new Proportion(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double ratio = (double) positives / n;
        ConfidenceInterval ci = BinomialProportion.getWilsonScoreInterval((int) Math.min(n, Integer.MAX_VALUE),
                ratio, 0.95);
        return new Proportion(n, positives, ratio, ci.getLowerBound(), ci.getUpperBound());
    }

    /** A test's statistic and two-sided p-value; {@code degenerate} when the data cannot tell (p is then 1). */
    public record Test(double statistic, double pValue, boolean degenerate) {
    }

    /**
     * Two-proportion z test with the pooled proportion: z = (p1 − p2) / sqrt(p(1−p)(1/n1 + 1/n2)), two-sided.
     * z² equals the chi-square statistic of the same 2×2 table.
     */
    public static Test twoProportionZ(long positives1, long n1, long positives2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return new Test(0, 1, true);
        }
        double p1 = (double) positives1 / n1;
        double p2 = (double) positives2 / n2;
        double pooled = (double) (positives1 + positives2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new Test(0, 1, true);
        }
        double z = (p1 - p2) / se;
        double p = 2 * (1 - new NormalDistribution(0, 1).cumulativeProbability(Math.abs(z)));
        return new Test(z, p, false);
    }

    /**
     * Pearson's chi-square test of independence on a table of class counts, one row per window or model version
     * ({@code {negatives, positives}}). Rows without observations are left out; with fewer than two rows left, or a
     * class never seen, the test is degenerate.
     */
    public static Test chiSquare(long[][] counts) {
        long[][] rows = Arrays.stream(counts).filter(r -> Arrays.stream(r).sum() > 0).toArray(long[][]::new);
        if (rows.length < 2) {
            return new Test(0, 1, true);
        }
        for (int c = 0; c < rows[0].length; c++) {
            final int column = c;
            if (Arrays.stream(rows).mapToLong(r -> r[column]).sum() == 0) {
                return new Test(0, 1, true);
            }
        }
        ChiSquareTest test = new ChiSquareTest();
        return new Test(test.chiSquare(rows), test.chiSquareTest(rows), false);
    }

    /**
     * Population stability index of {@code current} against {@code reference}: Σ (a − e)·ln(a / e) over bins, with
     * {@code e} and {@code a} the reference and current shares per bin (floored at {@link #PSI_EPSILON}). The bins are
     * the reference's quantiles ({@code bins} of them, fewer when scores tie). Below 0.1 is stable, 0.1-0.25 a
     * moderate shift, above 0.25 a major one. NaN when either side is empty.
     */
    public static double psi(double[] reference, double[] current, int bins) {
        if (reference.length == 0 || current.length == 0) {
            return Double.NaN;
        }
        return psi(reference, current, quantileEdges(reference, bins));
    }

    /**
     * PSI over fixed bins: {@code edges} are the inner edges (a value v falls in the first bin whose edge is > v),
     * taken once from a reference such as the model's held-out scores, so every window is binned alike.
     */
    public static double psi(double[] reference, double[] current, double[] edges) {
        if (reference.length == 0 || current.length == 0) {
            return Double.NaN;
        }
        double[] e = shares(reference, edges);
        double[] a = shares(current, edges);
        double psi = 0;
        for (int i = 0; i < e.length; i++) {
            double ei = Math.max(e[i], PSI_EPSILON);
            double ai = Math.max(a[i], PSI_EPSILON);
            psi += (ai - ei) * Math.log(ai / ei);
        }
        return psi;
    }

    /** {@code bins - 1} equal-width inner edges on [0, 1]: the fixed bins when no reference edges are known. */
    public static double[] equalWidthEdges(int bins) {
        double[] edges = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            edges[i - 1] = (double) i / bins;
        }
        return edges;
    }

    /** The inner decile edges of scores (for {@link #psi(double[], double[], double[])}), distinct, ascending. */
    public static double[] decileEdges(double[] scores) {
        return scores.length == 0 ? new double[0] : quantileEdges(scores, 10);
    }

    /**
     * Cramér's V of an r×c table whose Pearson chi-square statistic is {@code chiSquare} over {@code n}
     * observations: sqrt(χ² / (n · (min(r, c) − 1))); 0 for no association, 1 for complete association.
     */
    public static double cramersV(double chiSquare, long n, int rows, int columns) {
        int k = Math.min(rows, columns) - 1;
        return n == 0 || k < 1 ? 0 : Math.sqrt(chiSquare / (n * (double) k));
    }

    /**
     * Benjamini-Hochberg adjusted p-values (step-up, controlling the false discovery rate), in the input order:
     * for the i-th smallest of m, min over j >= i of p(j)·m/j, at most 1.
     */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] adjusted = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            adjusted[i] = Math.min(1, running);
        }
        return adjusted;
    }

    /** Inner bin edges: distinct reference quantiles at 1/bins, 2/bins, ...; a value v falls in the first bin whose edge is > v. */
    static double[] quantileEdges(double[] reference, int bins) {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        double[] edges = new double[bins - 1];
        int count = 0;
        for (int i = 1; i < bins; i++) {
            double q = sorted[(int) Math.min(sorted.length - 1, Math.floor((double) i * sorted.length / bins))];
            if (q > sorted[0] && (count == 0 || q > edges[count - 1])) { // no bin can be empty by construction
                edges[count++] = q;
            }
        }
        return Arrays.copyOf(edges, count);
    }

    static double[] shares(double[] values, double[] edges) {
        double[] shares = new double[edges.length + 1];
        for (double v : values) {
            int bin = 0;
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            shares[bin]++;
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= values.length;
        }
        return shares;
    }
}
