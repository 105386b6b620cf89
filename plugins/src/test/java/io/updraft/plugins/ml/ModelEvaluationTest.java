package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelEvaluationTest {

    @Test
    void mcnemarOnAKnownTable() {
        // Wikipedia's McNemar example: b = 121, c = 59; corrected chi-square (|b-c|-1)^2/(b+c) = 20.67, p ~ 5.4e-6
        ModelEvaluation.McNemar m = ModelEvaluation.mcnemar(101, 121, 59, 33);
        assertThat(m.statistic()).isCloseTo(3721.0 / 180, offset(1e-9));
        assertThat(m.pValue()).isCloseTo(5.4e-6, offset(0.3e-6));
        // few discordant pairs: exact binomial, b = 1, c = 9 -> p = 2 * (1 + 10) / 1024
        ModelEvaluation.McNemar exact = ModelEvaluation.mcnemar(50, 1, 9, 5);
        assertThat(exact.method()).isEqualTo("exact binomial");
        assertThat(exact.pValue()).isCloseTo(22.0 / 1024, offset(1e-12));
    }

    @Test
    void aucHandlesTiesAndWeights() {
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        int[] labels = {0, 0, 1, 1};
        assertThat(BinaryMetrics.of(scores, labels).auc()).isEqualTo(0.75);
        assertThat(BinaryMetrics.of(new double[] {0.5, 0.5}, new int[] {0, 1}).auc()).isEqualTo(0.5);
        // weight 2 on row 2 is the same as the row twice
        double weighted = BinaryMetrics.auc(scores, labels, new int[] {1, 1, 2, 1}, BinaryMetrics.order(scores));
        double duplicated = BinaryMetrics.of(new double[] {0.1, 0.4, 0.35, 0.35, 0.8}, new int[] {0, 0, 1, 1, 1}).auc();
        assertThat(weighted).isEqualTo(duplicated);
    }

    @Test
    void bootstrapIntervalsBracketTheEstimateAndAreSeeded() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int n = 400;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            scores[i] = Math.min(1, Math.max(0, 0.5 + (labels[i] == 1 ? 0.2 : -0.2) + r.nextGaussian() * 0.2));
        }
        ModelEvaluation.Evaluation a = ModelEvaluation.evaluate(scores, labels, 300, 42);
        ModelEvaluation.Evaluation b = ModelEvaluation.evaluate(scores, labels, 300, 42);
        assertThat(a.intervals()).isEqualTo(b.intervals());
        a.intervals().forEach((name, i) -> assertThat(i.lower()).isLessThanOrEqualTo(i.estimate())
                .isLessThan(i.upper()));
    }

    @Test
    void theGateDecidesBothWays() {
        int n = 1000;
        int[] labels = new int[n];
        double[] champion = new double[n];
        double[] good = new double[n];
        double[] bad = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double signal = labels[i] == 1 ? 1 : -1;
            champion[i] = sigmoid(2.5 * signal + r.nextGaussian());
            good[i] = sigmoid(2.6 * signal + r.nextGaussian());
            bad[i] = sigmoid(1.2 * signal + r.nextGaussian() * 1.5);
        }
        PromotionGate.Policy policy = new PromotionGate.Policy(0.8, 0.75, 0.05, 0.01);
        PromotionGate.Decision promote = decide(policy, champion, good, labels);
        assertThat(promote.promote()).as(promote.summary()).isTrue(); // as good, on new data
        PromotionGate.Decision reject = decide(policy, champion, bad, labels);
        assertThat(reject.promote()).as(reject.summary()).isFalse();
        assertThat(reject.mcnemar().onlyChampionCorrect()).isGreaterThan(reject.mcnemar().onlyChallengerCorrect());
        assertThat(reject.mcnemar().pValue()).isLessThan(0.05);
        assertThat(reject.pairedAuc().upper()).isNegative();
        // no champion: the floors alone decide
        ModelEvaluation.Evaluation e = ModelEvaluation.evaluate(bad, labels, 200, 1);
        assertThat(PromotionGate.decide(policy, e, null, null, List.of()).promote()).isTrue();
        assertThat(PromotionGate.decide(new PromotionGate.Policy(0.99, 0.5, 0.05, 0.01), e, null, null, List.of())
                .reasons())
                .anySatisfy(s -> assertThat(s).startsWith("floor: AUC"));
    }

    private static PromotionGate.Decision decide(PromotionGate.Policy policy, double[] champion,
            double[] challenger, int[] labels) {
        boolean[] a = new boolean[labels.length];
        boolean[] b = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            a[i] = (champion[i] >= 0.5 ? 1 : 0) == labels[i];
            b[i] = (challenger[i] >= 0.5 ? 1 : 0) == labels[i];
        }
        return PromotionGate.decide(policy, ModelEvaluation.evaluate(challenger, labels, 300, 7),
                ModelEvaluation.mcnemar(a, b), ModelEvaluation.pairedBootstrapAuc(champion, challenger, labels, 300, 7,
                        0.95), List.of("new data"));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
