package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's rules on hand-worked statistics. */
class PromotionGateTest {

    private static final PromotionGate.Policy POLICY = new PromotionGate.Policy(0.7, 0.5, 0.05, 0.005);

    /** Scores 0.9, 0.8 for the positives and 0.3, 0.2 for the negatives: AUC 1, accuracy 1. */
    private static final ModelEvaluation.Evaluation PERFECT = ModelEvaluation.evaluate(
            new double[] {0.9, 0.8, 0.3, 0.2}, new int[] {1, 1, 0, 0}, 20, 1);

    private static ModelEvaluation.PairedAuc auc(double lower, double upper) {
        return new ModelEvaluation.PairedAuc((lower + upper) / 2, lower, upper, 0.5, 1000, 0.95);
    }

    private static PromotionGate.Decision decide(ModelEvaluation.McNemar mcnemar, ModelEvaluation.PairedAuc auc,
            List<String> changes) {
        return PromotionGate.decide(POLICY, PERFECT, mcnemar, auc, changes);
    }

    @Test
    void mcnemarOnHandCountedDiscordantPairs() {
        // 2 rows only the champion gets right, 12 only the challenger: exact binomial, n = 14,
        // p = 2 * (C(14,0) + C(14,1) + C(14,2)) / 2^14 = 2 * 106 / 16384
        ModelEvaluation.McNemar m = ModelEvaluation.mcnemar(80, 2, 12, 6);
        assertThat(m.method()).isEqualTo("exact binomial");
        assertThat(m.pValue()).isCloseTo(212.0 / 16384, within(1e-12));
        // 30 against 10 discordant: chi-square (|30 - 10| - 1)^2 / 40 = 9.025, p = 0.00266 on 1 degree of freedom
        ModelEvaluation.McNemar large = ModelEvaluation.mcnemar(100, 30, 10, 5);
        assertThat(large.statistic()).isCloseTo(9.025, within(1e-12));
        assertThat(large.pValue()).isCloseTo(0.002663, within(1e-5));
    }

    @Test
    void aSignificantlyBetterChallengerIsPromoted() {
        PromotionGate.Decision byMcnemar = decide(ModelEvaluation.mcnemar(80, 2, 12, 6), auc(-0.001, 0.01),
                List.of());
        assertThat(byMcnemar.promote()).as(byMcnemar.summary()).isTrue();
        assertThat(byMcnemar.rule()).isEqualTo(PromotionGate.SUPERIOR);
        PromotionGate.Decision byAuc = decide(ModelEvaluation.mcnemar(80, 5, 6, 9), auc(0.001, 0.02), List.of());
        assertThat(byAuc.rule()).isEqualTo(PromotionGate.SUPERIOR);
        assertThat(byAuc.summary()).startsWith("PROMOTE (superior)").contains("challenger significantly better");
    }

    @Test
    void anEquivalentRetrainIsKeptOutUnlessSomethingChanged() {
        // the case: the same data again, 0 discordant pairs, AUC difference exactly 0
        PromotionGate.Decision same = decide(ModelEvaluation.mcnemar(90, 0, 0, 10), auc(0, 0), List.of());
        assertThat(same.promote()).isFalse();
        assertThat(same.rule()).isEqualTo(PromotionGate.NO_IMPROVEMENT);
        assertThat(same.summary()).contains("nothing changed");

        PromotionGate.Decision newData = decide(ModelEvaluation.mcnemar(90, 4, 3, 3), auc(-0.004, 0.003),
                List.of("new data (snapshot b, the champion's a)"));
        assertThat(newData.promote()).as(newData.summary()).isTrue();
        assertThat(newData.rule()).isEqualTo(PromotionGate.NON_INFERIOR);
        assertThat(newData.changes()).containsExactly("new data (snapshot b, the champion's a)");
    }

    @Test
    void worseOrPossiblyWorseByMoreThanTheMarginIsRejected() {
        PromotionGate.Decision worse = decide(ModelEvaluation.mcnemar(80, 12, 2, 6), auc(-0.01, 0.001),
                List.of("new data"));
        assertThat(worse.rule()).isEqualTo(PromotionGate.WORSE);
        assertThat(decide(ModelEvaluation.mcnemar(80, 5, 5, 6), auc(-0.03, -0.001), List.of("new data")).rule())
                .isEqualTo(PromotionGate.WORSE);
        // the interval reaches 0.006 below the champion: more than the 0.005 margin
        PromotionGate.Decision unsure = decide(ModelEvaluation.mcnemar(80, 5, 5, 6), auc(-0.006, 0.004),
                List.of("new data"));
        assertThat(unsure.promote()).isFalse();
        assertThat(unsure.rule()).isEqualTo(PromotionGate.INCONCLUSIVE);
    }

    @Test
    void theFloorsComeFirstAndAloneDecideTheFirstModel() {
        // AUC 3/4 (one of four positive-negative pairs misordered), accuracy 2/4
        ModelEvaluation.Evaluation weak = ModelEvaluation.evaluate(new double[] {0.9, 0.4, 0.6, 0.1},
                new int[] {1, 1, 0, 0}, 20, 1);
        assertThat(weak.metrics().auc()).isEqualTo(0.75);
        assertThat(weak.metrics().accuracy()).isEqualTo(0.5);
        PromotionGate.Policy strict = new PromotionGate.Policy(0.8, 0.6, 0.05, 0.005);
        PromotionGate.Decision first = PromotionGate.decide(strict, weak, null, null, List.of());
        assertThat(first.rule()).isEqualTo(PromotionGate.FLOORS);
        assertThat(first.reasons()).contains("floor: AUC 0.7500 is below the floor 0.8000",
                "floor: accuracy 0.5000 is below the floor 0.6000");
        assertThat(PromotionGate.decide(POLICY, weak, null, null, List.of()).rule())
                .isEqualTo(PromotionGate.FIRST_MODEL);
        // a superior challenger below the floors is still rejected
        assertThat(PromotionGate.decide(strict, weak, ModelEvaluation.mcnemar(80, 2, 12, 6), auc(0.01, 0.02),
                List.of()).promote()).isFalse();
    }

    @Test
    void thePolicyIsStatedWithTheDecision() {
        assertThat(POLICY.toMap()).containsEntry("non_inferiority_margin_auc", 0.005).containsEntry("alpha", 0.05)
                .containsKey("rule");
    }
}
