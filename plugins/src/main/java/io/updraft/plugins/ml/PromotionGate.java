package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The champion/challenger gate: promote the challenger only if it clears the absolute floors and is not
 * significantly worse than the champion on the same held-out rows, by McNemar's test (significantly more errors)
 * nor by the paired bootstrap of the AUC difference (the whole interval below zero). Without a champion only the
 * floors apply.
 */
public final class PromotionGate {

    /** The gate's settings, as set in the DAG. */
    public record Policy(double minAuc, double minAccuracy, double alpha) {
        public Policy {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), not " + alpha);
            }
        }
    }

    /** The decision with every statistic it rests on. */
    public record Decision(boolean promote, String summary, List<String> reasons, Map<String, Object> floors,
            ModelEvaluation.McNemar mcnemar, ModelEvaluation.PairedAuc pairedAuc) {
    }

    private PromotionGate() {
    }

    /**
     * @param mcnemar null without a champion (champion = first model of the table)
     * @param pairedAuc null without a champion
     */
    public static Decision decide(Policy policy, ModelEvaluation.Evaluation challenger,
            ModelEvaluation.McNemar mcnemar, ModelEvaluation.PairedAuc pairedAuc) {
        List<String> reasons = new ArrayList<>();
        boolean promote = true;
        double auc = challenger.metrics().auc();
        double accuracy = challenger.metrics().accuracy();
        Map<String, Object> floors = new LinkedHashMap<>();
        floors.put("min_auc", policy.minAuc());
        floors.put("min_accuracy", policy.minAccuracy());
        floors.put("auc", auc);
        floors.put("accuracy", accuracy);
        if (!(auc >= policy.minAuc())) {
            promote = false;
            reasons.add(String.format("floor: AUC %.4f is below the floor %.4f", auc, policy.minAuc()));
        }
        if (!(accuracy >= policy.minAccuracy())) {
            promote = false;
            reasons.add(String.format("floor: accuracy %.4f is below the floor %.4f", accuracy, policy.minAccuracy()));
        }
        floors.put("passed", promote);
        if (mcnemar == null) {
            reasons.add("no champion: only the absolute floors apply");
        } else {
            boolean worse = mcnemar.pValue() < policy.alpha()
                    && mcnemar.onlyChampionCorrect() > mcnemar.onlyChallengerCorrect();
            reasons.add(String.format("McNemar (%s): champion-only correct %d, challenger-only correct %d, p = %.4g"
                    + " -> %s", mcnemar.method(), mcnemar.onlyChampionCorrect(), mcnemar.onlyChallengerCorrect(),
                    mcnemar.pValue(), worse ? "challenger significantly worse" : "not significantly worse"));
            promote &= !worse;
            boolean aucWorse = pairedAuc.upper() < 0;
            reasons.add(String.format("paired bootstrap AUC difference %.4f, %.0f%% CI [%.4f, %.4f] -> %s",
                    pairedAuc.difference(), 100 * pairedAuc.confidence(), pairedAuc.lower(), pairedAuc.upper(),
                    aucWorse ? "challenger significantly worse" : "not significantly worse"));
            promote &= !aucWorse;
        }
        String summary = (promote ? "PROMOTE" : "REJECT") + ": " + String.join("; ", reasons);
        return new Decision(promote, summary, reasons, floors, mcnemar, pairedAuc);
    }
}
