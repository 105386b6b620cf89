package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The champion/challenger gate. After the absolute floors, a challenger replaces the champion only when, on rows
 * neither model trained on, it is
 * <ul>
 * <li>{@code superior}: significantly better, by the paired bootstrap of the AUC difference (the whole interval
 * above zero) or by McNemar's test (significantly more rows only the challenger gets right), or</li>
 * <li>{@code non_inferior}: not significantly worse by McNemar, its AUC difference's interval above
 * {@code -margin}, <em>and</em> something changed that is worth deploying (newer data, a new feature set).</li>
 * </ul>
 * A retrain that is merely as good on the same data and features is rejected ({@code no_improvement}): replacing a
 * champion with an equivalent model only hides which version changed. Without a champion only the floors apply.
 */
public final class PromotionGate {

    /** The gate's settings, as set in the DAG. */
    public record Policy(double minAuc, double minAccuracy, double alpha, double nonInferiorityMargin) {
        public Policy {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), not " + alpha);
            }
            if (!(nonInferiorityMargin >= 0 && nonInferiorityMargin < 1)) {
                throw new IllegalArgumentException("the non-inferiority margin must be in [0, 1), not "
                        + nonInferiorityMargin);
            }
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("min_auc", minAuc);
            m.put("min_accuracy", minAccuracy);
            m.put("alpha", alpha);
            m.put("non_inferiority_margin_auc", nonInferiorityMargin);
            m.put("rule", "promote when superior (paired AUC interval above 0, or McNemar in the challenger's favour"
                    + " at alpha), or non-inferior (AUC interval above -margin, McNemar not worse) with a reason");
            return m;
        }
    }

    /** Why a decision was taken: the rule that applied. */
    public static final String FIRST_MODEL = "first_model";
    public static final String FLOORS = "below_floors";
    public static final String WORSE = "worse";
    public static final String SUPERIOR = "superior";
    public static final String NON_INFERIOR = "non_inferior";
    public static final String NO_IMPROVEMENT = "no_improvement";
    public static final String INCONCLUSIVE = "inconclusive";

    /** The decision with every statistic it rests on. */
    public record Decision(boolean promote, String rule, String summary, List<String> reasons,
            Map<String, Object> floors, ModelEvaluation.McNemar mcnemar, ModelEvaluation.PairedAuc pairedAuc,
            List<String> changes) {
    }

    private PromotionGate() {
    }

    /**
     * @param mcnemar null without a champion (champion = first model of the table)
     * @param pairedAuc null without a champion
     * @param changes what the challenger has that the champion had not (newer data, a new feature set); the
     *     reasons that justify a non-inferior challenger
     */
    public static Decision decide(Policy policy, ModelEvaluation.Evaluation challenger,
            ModelEvaluation.McNemar mcnemar, ModelEvaluation.PairedAuc pairedAuc, List<String> changes) {
        List<String> reasons = new ArrayList<>();
        double auc = challenger.metrics().auc();
        double accuracy = challenger.metrics().accuracy();
        Map<String, Object> floors = new LinkedHashMap<>();
        floors.put("min_auc", policy.minAuc());
        floors.put("min_accuracy", policy.minAccuracy());
        floors.put("auc", auc);
        floors.put("accuracy", accuracy);
        boolean floorsPassed = true;
        if (!(auc >= policy.minAuc())) {
            floorsPassed = false;
            reasons.add(fmt("floor: AUC %.4f is below the floor %.4f", auc, policy.minAuc()));
        }
        if (!(accuracy >= policy.minAccuracy())) {
            floorsPassed = false;
            reasons.add(fmt("floor: accuracy %.4f is below the floor %.4f", accuracy, policy.minAccuracy()));
        }
        floors.put("passed", floorsPassed);
        String rule;
        if (mcnemar == null) {
            reasons.add("no champion: only the absolute floors apply");
            rule = floorsPassed ? FIRST_MODEL : FLOORS;
        } else {
            rule = compare(policy, mcnemar, pairedAuc, changes, reasons);
            if (!floorsPassed) {
                rule = FLOORS;
            }
        }
        boolean promote = rule.equals(FIRST_MODEL) || rule.equals(SUPERIOR) || rule.equals(NON_INFERIOR);
        String summary = (promote ? "PROMOTE" : "REJECT") + " (" + rule + "): " + String.join("; ", reasons);
        return new Decision(promote, rule, summary, reasons, floors, mcnemar, pairedAuc, List.copyOf(changes));
    }

    private static String compare(Policy policy, ModelEvaluation.McNemar mcnemar, ModelEvaluation.PairedAuc auc,
            List<String> changes, List<String> reasons) {
        boolean significant = mcnemar.pValue() < policy.alpha();
        boolean mcnemarWorse = significant && mcnemar.onlyChampionCorrect() > mcnemar.onlyChallengerCorrect();
        boolean mcnemarBetter = significant && mcnemar.onlyChallengerCorrect() > mcnemar.onlyChampionCorrect();
        reasons.add(fmt("McNemar (%s): champion-only correct %d, challenger-only correct %d, p = %.4g -> %s",
                mcnemar.method(), mcnemar.onlyChampionCorrect(), mcnemar.onlyChallengerCorrect(), mcnemar.pValue(),
                mcnemarWorse ? "challenger significantly worse" : mcnemarBetter ? "challenger significantly better"
                        : "no significant difference"));
        boolean aucWorse = auc.upper() < 0;
        boolean aucBetter = auc.lower() > 0;
        boolean aucNonInferior = auc.lower() > -policy.nonInferiorityMargin();
        reasons.add(fmt("paired bootstrap AUC difference %.4f, %.0f%% CI [%.4f, %.4f] -> %s", auc.difference(),
                100 * auc.confidence(), auc.lower(), auc.upper(), aucWorse ? "challenger significantly worse"
                        : aucBetter ? "challenger significantly better" : aucNonInferior
                                ? fmt("non-inferior within the margin %.4f", policy.nonInferiorityMargin())
                                : fmt("may be worse by more than the margin %.4f", policy.nonInferiorityMargin())));
        if (mcnemarWorse || aucWorse) {
            return WORSE;
        }
        if (aucBetter || mcnemarBetter) {
            return SUPERIOR;
        }
        if (!aucNonInferior) {
            reasons.add("not shown to be within the margin: keeping the champion");
            return INCONCLUSIVE;
        }
        if (changes.isEmpty()) {
            reasons.add("not better, and nothing changed (same data, same feature set): keeping the champion");
            return NO_IMPROVEMENT;
        }
        reasons.add("non-inferior and worth deploying: " + String.join(", ", changes));
        return NON_INFERIOR;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
