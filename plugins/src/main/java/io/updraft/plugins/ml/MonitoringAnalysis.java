package io.updraft.plugins.ml;

import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.PredictionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One monitoring window judged against its reference window, pure so that tests can give it known predictions.
 * <ul>
 * <li>Below {@code min_predictions} in the window or the reference: {@code insufficient_data}, no test.</li>
 * <li>The family of tests run at once (the window against the reference overall; each version with enough
 * predictions on both sides against its own reference; the versions in the window against each other) is
 * corrected by Benjamini-Hochberg; each test reports its raw and adjusted p-value, the difference in ratio and
 * Cramér's V, and each ratio its Wilson 95% interval.</li>
 * <li>Level {@code alert} when an adjusted ratio p-value is below {@code alert_p_value} or PSI reaches
 * {@code alert_psi}; {@code warn} below {@code warn_p_value}, at {@code warn_psi}, or when versions differ.</li>
 * <li>The state is {@code alert} only after {@code alert_after_windows} consecutive alert-level windows (of the same
 * DAG); before that an alert-level window is a {@code warn} that says how many more are needed.</li>
 * <li>PSI over fixed bins: the deciles of the serving version's held-out scores, else equal-width bins.</li>
 * <li>Once true labels exist: precision, recall and false-positive rate per version, in the window and the
 * reference, with Wilson intervals.</li>
 * </ul>
 */
final class MonitoringAnalysis {

    private MonitoringAnalysis() {
    }

    /** A test of the family: its name, raw p-value and the map it is reported in. */
    private record Family(List<String> names, List<Double> pValues, List<Map<String, Object>> maps) {
        Family() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void add(String name, double p, Map<String, Object> map) {
            names.add(name);
            pValues.add(p);
            maps.add(map);
        }
    }

    static Map<String, Object> analyse(MonitorPredictionsProvider.Settings s, List<PredictionRecord> current,
            List<PredictionRecord> reference, double[] psiEdges, List<String> previousLevels) {
        Map<String, Object> out = new LinkedHashMap<>();
        long curPos = positives(current);
        long refPos = positives(reference);
        out.put("current", proportionMap(PredictionDrift.proportion(curPos, current.size())));
        out.put("reference", proportionMap(PredictionDrift.proportion(refPos, reference.size())));
        TreeMap<Integer, List<PredictionRecord>> curByVersion = byVersion(current);
        TreeMap<Integer, List<PredictionRecord>> refByVersion = byVersion(reference);
        out.put("by_version", proportions(curByVersion));
        out.put("reference_by_version", proportions(refByVersion));

        boolean enough = current.size() >= s.minPredictions() && reference.size() >= s.minPredictions();
        Family family = new Family();
        Map<String, Object> overall = enough ? compare(curPos, current.size(), refPos, reference.size()) : null;
        if (overall != null) {
            family.add("window vs reference", (Double) overall.get("p_value"), overall);
        }
        Map<String, Object> perVersion = new LinkedHashMap<>();
        if (enough) {
            curByVersion.forEach((version, preds) -> {
                List<PredictionRecord> ref = refByVersion.getOrDefault(version, List.of());
                if (preds.size() >= s.minPredictions() && ref.size() >= s.minPredictions()) {
                    Map<String, Object> test = compare(positives(preds), preds.size(), positives(ref), ref.size());
                    perVersion.put(String.valueOf(version), test);
                    family.add("version " + version + " vs its reference", (Double) test.get("p_value"), test);
                }
            });
        }
        Map<String, Object> versions = enough ? versionsTest(curByVersion, s.minPredictions()) : null;
        if (versions != null) {
            family.add("versions in the window", (Double) versions.get("p_value"), versions);
        }
        double[] adjusted = PredictionDrift.benjaminiHochberg(family.pValues().stream().mapToDouble(d -> d)
                .toArray());
        for (int i = 0; i < adjusted.length; i++) {
            family.maps().get(i).put("p_adjusted", adjusted[i]);
        }
        out.put("ratio_test", overall);
        out.put("version_ratio_tests", perVersion);
        out.put("versions_test", versions);
        out.put("tests_corrected", family.names());

        double[] edges = psiEdges != null && psiEdges.length > 0 ? psiEdges
                : PredictionDrift.equalWidthEdges(s.psiBins());
        double psi = PredictionDrift.psi(scores(reference), scores(current), edges);
        out.put("psi", Double.isFinite(psi) ? psi : null);
        out.put("psi_bin_edges", edges);
        out.put("psi_bins_source", psiEdges != null && psiEdges.length > 0 ? "held-out score deciles of the version"
                : "equal width");
        out.put("labels", Map.of("current", labelMetrics(curByVersion), "reference", labelMetrics(refByVersion)));
        out.put("thresholds", thresholds(s));

        List<String> reasons = new ArrayList<>();
        String level = level(s, enough, current.size(), reference.size(), family, psi, versions, reasons);
        String state = level;
        int streak = 0;
        if (level.equals(MonitoringResult.ALERT)) {
            streak = 1;
            for (String previous : previousLevels) {
                if (!MonitoringResult.ALERT.equals(previous)) {
                    break;
                }
                streak++;
            }
            if (streak < s.alertAfter()) {
                state = MonitoringResult.WARN;
                reasons.add(String.format(Locale.ROOT, "alert-level shift in %d consecutive window(s); the alert "
                        + "needs %d", streak, s.alertAfter()));
            }
        }
        out.put("judged", enough);
        out.put("level", level);
        out.put("consecutive_alert_windows", streak);
        out.put("state", state);
        out.put("reasons", reasons);
        return out;
    }

    private static String level(MonitorPredictionsProvider.Settings s, boolean enough, int n, int referenceN,
            Family family, double psi, Map<String, Object> versions, List<String> reasons) {
        if (!enough) {
            reasons.add(String.format(Locale.ROOT, "insufficient data: %d predictions in the window, %d in the "
                    + "reference (at least %d each to judge)", n, referenceN, s.minPredictions()));
            return MonitoringResult.INSUFFICIENT_DATA;
        }
        String level = MonitoringResult.OK;
        for (int i = 0; i < family.maps().size(); i++) {
            Map<String, Object> test = family.maps().get(i);
            double q = (Double) test.get("p_adjusted");
            boolean ratioTest = test != versions;
            String verdict = ratioTest && q < s.alertP() ? MonitoringResult.ALERT
                    : q < s.warnP() ? MonitoringResult.WARN : MonitoringResult.OK;
            if (!verdict.equals(MonitoringResult.OK)) {
                level = worse(level, verdict);
                reasons.add(String.format(Locale.ROOT, "%s: predicted-phishing ratio %s by %+.4f (Cramér's V %.3f, "
                        + "p = %.3g, adjusted %.3g < %.3g)", family.names().get(i), ratioTest ? "moved" : "differs",
                        (Double) test.get("difference"), (Double) test.get("cramers_v"), family.pValues().get(i), q,
                        verdict.equals(MonitoringResult.ALERT) ? s.alertP() : s.warnP()));
            }
        }
        if (psi >= s.alertPsi()) {
            level = MonitoringResult.ALERT;
            reasons.add(String.format(Locale.ROOT, "score distribution shifted: PSI %.3f >= %.3f", psi, s.alertPsi()));
        } else if (psi >= s.warnPsi()) {
            level = worse(level, MonitoringResult.WARN);
            reasons.add(String.format(Locale.ROOT, "score distribution moved: PSI %.3f >= %.3f", psi, s.warnPsi()));
        }
        if (reasons.isEmpty()) {
            reasons.add(String.format(Locale.ROOT, "stable: smallest adjusted p = %.3g, PSI %.3f",
                    family.maps().stream().mapToDouble(m -> (Double) m.get("p_adjusted")).min().orElse(1), psi));
        }
        return level;
    }

    /** Window against reference: two-proportion z (its p), chi-square, difference in ratio, Cramér's V. */
    private static Map<String, Object> compare(long pos1, long n1, long pos2, long n2) {
        PredictionDrift.Test z = PredictionDrift.twoProportionZ(pos1, n1, pos2, n2);
        PredictionDrift.Test chi = PredictionDrift.chiSquare(new long[][] {{n1 - pos1, pos1}, {n2 - pos2, pos2}});
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", z.statistic());
        m.put("chi_square", chi.statistic());
        m.put("p_value", z.pValue());
        m.put("difference", (double) pos1 / n1 - (double) pos2 / n2);
        m.put("cramers_v", PredictionDrift.cramersV(chi.statistic(), n1 + n2, 2, 2));
        m.put("degenerate", z.degenerate());
        return m;
    }

    /** The versions with enough predictions in the window against each other (null with fewer than two). */
    private static Map<String, Object> versionsTest(TreeMap<Integer, List<PredictionRecord>> byVersion, long min) {
        List<long[]> rows = new ArrayList<>();
        double lowest = 1;
        double highest = 0;
        long n = 0;
        for (List<PredictionRecord> preds : byVersion.values()) {
            if (preds.size() >= min) {
                long pos = positives(preds);
                rows.add(new long[] {preds.size() - pos, pos});
                double ratio = (double) pos / preds.size();
                lowest = Math.min(lowest, ratio);
                highest = Math.max(highest, ratio);
                n += preds.size();
            }
        }
        if (rows.size() < 2) {
            return null;
        }
        PredictionDrift.Test chi = PredictionDrift.chiSquare(rows.toArray(long[][]::new));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chi_square", chi.statistic());
        m.put("p_value", chi.pValue());
        m.put("difference", highest - lowest);
        m.put("cramers_v", PredictionDrift.cramersV(chi.statistic(), n, rows.size(), 2));
        m.put("degenerate", chi.degenerate());
        return m;
    }

    /** Per version, over the predictions with a true label: confusion counts, precision, recall, FPR. */
    static Map<String, Object> labelMetrics(TreeMap<Integer, List<PredictionRecord>> byVersion) {
        Map<String, Object> out = new LinkedHashMap<>();
        byVersion.forEach((version, preds) -> {
            long tp = 0;
            long fp = 0;
            long tn = 0;
            long fn = 0;
            for (PredictionRecord p : preds) {
                if (p.trueLabel() == null) {
                    continue;
                }
                boolean actual = p.trueLabel() == 1;
                boolean predicted = p.label() == 1;
                if (actual && predicted) {
                    tp++;
                } else if (predicted) {
                    fp++;
                } else if (actual) {
                    fn++;
                } else {
                    tn++;
                }
            }
            if (tp + fp + tn + fn > 0) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("labelled", tp + fp + tn + fn);
                m.put("confusion", Map.of("tp", tp, "fp", fp, "tn", tn, "fn", fn));
                m.put("precision", proportionMap(PredictionDrift.proportion(tp, tp + fp)));
                m.put("recall", proportionMap(PredictionDrift.proportion(tp, tp + fn)));
                m.put("false_positive_rate", proportionMap(PredictionDrift.proportion(fp, fp + tn)));
                out.put(String.valueOf(version), m);
            }
        });
        return out;
    }

    private static Map<String, Object> thresholds(MonitorPredictionsProvider.Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_predictions", s.minPredictions());
        m.put("warn_p_value", s.warnP());
        m.put("alert_p_value", s.alertP());
        m.put("p_value_correction", "Benjamini-Hochberg over the tests of the window");
        m.put("warn_psi", s.warnPsi());
        m.put("alert_psi", s.alertPsi());
        m.put("alert_after_windows", s.alertAfter());
        return m;
    }

    private static long positives(List<PredictionRecord> predictions) {
        return predictions.stream().filter(p -> p.label() == 1).count();
    }

    private static double[] scores(List<PredictionRecord> predictions) {
        return predictions.stream().mapToDouble(PredictionRecord::score).toArray();
    }

    private static TreeMap<Integer, List<PredictionRecord>> byVersion(List<PredictionRecord> predictions) {
        TreeMap<Integer, List<PredictionRecord>> out = new TreeMap<>();
        for (PredictionRecord p : predictions) {
            out.computeIfAbsent(p.modelVersion(), v -> new ArrayList<>()).add(p);
        }
        return out;
    }

    private static Map<String, Object> proportions(TreeMap<Integer, List<PredictionRecord>> byVersion) {
        Map<String, Object> out = new LinkedHashMap<>();
        byVersion.forEach((version, preds) -> out.put(String.valueOf(version), proportionMap(
                PredictionDrift.proportion(positives(preds), preds.size()))));
        return out;
    }

    static Map<String, Object> proportionMap(PredictionDrift.Proportion p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", p.n());
        m.put("positives", p.positives());
        m.put("ratio", finite(p.ratio()));
        m.put("lower", finite(p.lower()));
        m.put("upper", finite(p.upper()));
        return m;
    }

    private static String worse(String a, String b) {
        List<String> order = List.of(MonitoringResult.OK, MonitoringResult.WARN, MonitoringResult.ALERT);
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
