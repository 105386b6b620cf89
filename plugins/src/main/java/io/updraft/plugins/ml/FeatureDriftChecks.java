package io.updraft.plugins.ml;

import io.updraft.plugins.ml.DataValidation.Check;
import io.updraft.plugins.ml.DataValidation.FeatureDrift;
import io.updraft.plugins.ml.DataValidation.Policy;
import io.updraft.plugins.ml.DataValidation.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * {@link DataValidation}'s drift checks: per lexical URL feature, the population stability index (fatal above
 * {@link Policy#maxPsi()}) and the two-sample Kolmogorov–Smirnov test (reported) of a snapshot against the reference.
 */
final class FeatureDriftChecks {

    private FeatureDriftChecks() {
    }

    /** PSI and KS per lexical URL feature, current vs reference. */
    static List<FeatureDrift> drift(DatasetSnapshot data, DatasetSnapshot reference) {
        double[][] current = lexical(data);
        double[][] expected = lexical(reference);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(42);
        List<FeatureDrift> drift = new ArrayList<>();
        for (int f = 0; f < current.length; f++) {
            double psi = psi(expected[f], current[f], 10);
            double d = ks.kolmogorovSmirnovStatistic(expected[f], current[f]);
            double p = d == 0 ? 1 : ksPValue(ks, expected[f], current[f]);
            drift.add(new FeatureDrift(UrlFeatures.lexicalNames().get(f), psi, d, p));
        }
        return drift;
    }

    static List<Check> checks(List<FeatureDrift> drift, DatasetSnapshot reference, Policy policy) {
        if (reference == null) {
            return List.of(new Check("drift.psi", Status.SKIPPED, "no accepted reference snapshot yet", List.of()),
                    new Check("drift.ks", Status.SKIPPED, "no accepted reference snapshot yet", List.of()));
        }
        List<String> fail = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        List<String> ks = new ArrayList<>();
        double maxPsi = 0;
        for (FeatureDrift d : drift) {
            maxPsi = Math.max(maxPsi, d.psi());
            if (d.psi() > policy.maxPsi()) {
                fail.add(String.format("%s %.3f", d.feature(), d.psi()));
            } else if (d.psi() > policy.warnPsi()) {
                warn.add(String.format("%s %.3f", d.feature(), d.psi()));
            }
            if (d.ksPValue() < policy.ksAlpha()) {
                ks.add(String.format("%s D=%.3f p=%.2g", d.feature(), d.ksStatistic(), d.ksPValue()));
            }
        }
        Check psi = !fail.isEmpty()
                ? new Check("drift.psi", Status.FAIL, String.format("PSI above %.2f: %s", policy.maxPsi(), fail),
                        List.of())
                : new Check("drift.psi", warn.isEmpty() ? Status.PASS : Status.WARN,
                        String.format("max PSI %.3f over %d features%s", maxPsi, drift.size(),
                                warn.isEmpty() ? "" : "; above " + policy.warnPsi() + ": " + warn), List.of());
        Check ksCheck = new Check("drift.ks", ks.isEmpty() ? Status.PASS : Status.WARN, ks.isEmpty()
                ? "no feature distribution differs at alpha " + policy.ksAlpha()
                : ks.size() + " features differ at alpha " + policy.ksAlpha() + ": " + ks, List.of());
        return List.of(psi, ksCheck);
    }

    /**
     * Population stability index of {@code actual} against {@code expected}, with bins at the expected deciles
     * (merged where values tie) and a 1e-4 floor on empty bins.
     */
    static double psi(double[] expected, double[] actual, int bins) {
        if (expected.length == 0 || actual.length == 0) {
            return 0;
        }
        double[] sorted = expected.clone();
        Arrays.sort(sorted);
        double[] edges = Arrays.stream(java.util.stream.IntStream.range(1, bins)
                .mapToDouble(b -> sorted[(int) Math.min(sorted.length - 1, (long) b * sorted.length / bins)])
                .toArray()).distinct().toArray();
        double[] e = histogram(expected, edges);
        double[] a = histogram(actual, edges);
        double psi = 0;
        for (int i = 0; i < e.length; i++) {
            double pe = Math.max(e[i], 1e-4);
            double pa = Math.max(a[i], 1e-4);
            psi += (pa - pe) * Math.log(pa / pe);
        }
        return psi;
    }

    private static double[] histogram(double[] values, double[] edges) {
        double[] h = new double[edges.length + 1];
        for (double v : values) {
            int bin = Arrays.binarySearch(edges, v);
            bin = bin >= 0 ? bin : -bin - 1; // first edge >= v: values equal to an edge fall in that edge's bin
            h[bin]++;
        }
        for (int i = 0; i < h.length; i++) {
            h[i] /= values.length;
        }
        return h;
    }

    /** Lexical features by feature, then row. */
    static double[][] lexical(DatasetSnapshot data) {
        UrlFeatures features = new UrlFeatures(0);
        int f = UrlFeatures.lexicalCount();
        double[][] out = new double[f][data.size()];
        double[] row = new double[f];
        for (int i = 0; i < data.size(); i++) {
            features.extract(data.url(i), row);
            for (int k = 0; k < f; k++) {
                out[k][i] = row[k];
            }
        }
        return out;
    }

    /**
     * Hipparchus' asymptotic KS series stops converging (MathIllegalStateException) when the statistic is tiny
     * next to the sample sizes, that is for nearly identical samples, where the p-value is 1 to any precision.
     */
    private static double ksPValue(KolmogorovSmirnovTest ks, double[] a, double[] b) {
        try {
            return Math.min(1, Math.max(0, ks.kolmogorovSmirnovTest(a, b))); // the series overshoots by ~1e-15
        } catch (org.hipparchus.exception.MathIllegalStateException e) {
            return 1;
        }
    }
}
