package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Known vectors, worked by hand (and, for the chi-square, checked against commons-math3 in ml-stack.md). */
class PredictionDriftTest {

    @Test
    void chiSquareOnATwoByTwoTable() {
        // expected counts 875/125 per row: 2 * (25²/875 + 25²/125) = 11.4286
        PredictionDrift.Test t = PredictionDrift.chiSquare(new long[][] {{900, 100}, {850, 150}});

        assertThat(t.statistic()).isCloseTo(11.428571, within(1e-5));
        assertThat(t.pValue()).isCloseTo(7.23e-4, within(0.01e-4));
        assertThat(t.degenerate()).isFalse();
    }

    @Test
    void twoProportionZSquaredIsTheChiSquareOfTheSameTable() {
        PredictionDrift.Test z = PredictionDrift.twoProportionZ(100, 1000, 150, 1000);

        assertThat(z.statistic()).isCloseTo(-3.380617, within(1e-5));
        assertThat(z.statistic() * z.statistic()).isCloseTo(11.428571, within(1e-5));
        assertThat(z.pValue()).isCloseTo(7.23e-4, within(0.01e-4));
    }

    @Test
    void identicalRatiosAreNotSignificantAndEmptyTablesAreDegenerate() {
        assertThat(PredictionDrift.twoProportionZ(30, 100, 300, 1000).pValue()).isCloseTo(1, within(1e-9));
        assertThat(PredictionDrift.twoProportionZ(0, 0, 3, 10).degenerate()).isTrue();
        assertThat(PredictionDrift.chiSquare(new long[][] {{10, 0}, {20, 0}}).degenerate()).isTrue();
        assertThat(PredictionDrift.chiSquare(new long[][] {{10, 5}, {0, 0}}).degenerate()).isTrue();
    }

    @Test
    void chiSquareAcrossThreeVersions() {
        // rows sum to 100 each, columns to 150/150: expected 50 each; Σ(o-e)²/e = (100+100+0+0+100+100)/50 = 8
        PredictionDrift.Test t = PredictionDrift.chiSquare(new long[][] {{40, 60}, {50, 50}, {60, 40}});

        assertThat(t.statistic()).isCloseTo(8.0, within(1e-9));
        assertThat(t.pValue()).isCloseTo(Math.exp(-4), within(1e-9)); // chi-square with 2 df: p = e^(-x/2)
    }

    @Test
    void wilsonIntervalOfARatio() {
        PredictionDrift.Proportion p = PredictionDrift.proportion(100, 1000);

        assertThat(p.ratio()).isEqualTo(0.1);
        assertThat(p.lower()).isCloseTo(0.08291, within(1e-4));
        assertThat(p.upper()).isCloseTo(0.12015, within(1e-4));
    }

    @Test
    void psiOfAShiftedScoreDistribution() {
        double[] reference = {0.1, 0.2, 0.3, 0.4}; // two bins split at 0.3: shares 0.5 / 0.5
        double[] current = {0.1, 0.1, 0.1, 0.9};   // shares 0.75 / 0.25

        // (0.75 - 0.5) ln(1.5) + (0.25 - 0.5) ln(0.5)
        assertThat(PredictionDrift.psi(reference, current, 2)).isCloseTo(0.274653, within(1e-6));
        assertThat(PredictionDrift.psi(reference, reference, 2)).isZero();
        // an empty bin is floored at 1e-4: (1 - 0.5) ln 2 + (1e-4 - 0.5) ln(1e-4 / 0.5)
        assertThat(PredictionDrift.psi(reference, new double[] {0.1, 0.2}, 2)).isCloseTo(4.604319, within(1e-6));
        assertThat(PredictionDrift.psi(reference, new double[0], 2)).isNaN();
    }

    @Test
    void tiedScoresGiveFewerBinsNotEmptyOnes() {
        double[] reference = {0.0, 0.0, 0.0, 0.0, 1.0, 1.0};

        assertThat(PredictionDrift.quantileEdges(reference, 10)).containsExactly(1.0);
        assertThat(PredictionDrift.psi(reference, reference, 10)).isZero();
    }

    @Test
    void cramersVOfTheTwoByTwoTable() {
        // chi-square 11.428571 over 2,000 predictions in a 2x2 table: V = sqrt(11.428571 / 2000)
        PredictionDrift.Test t = PredictionDrift.chiSquare(new long[][] {{900, 100}, {850, 150}});
        assertThat(PredictionDrift.cramersV(t.statistic(), 2000, 2, 2)).isCloseTo(0.0755929, within(1e-6));
        assertThat(PredictionDrift.cramersV(0, 2000, 2, 2)).isZero();
        assertThat(PredictionDrift.cramersV(5, 0, 2, 2)).isZero();
    }

    @Test
    void benjaminiHochbergByHand() {
        // sorted 0.005, 0.01, 0.03, 0.04 (m = 4): p*m/rank = 0.02, 0.02, 0.04, 0.04; then the running minimum
        // from the largest rank down; reported in the input order
        assertThat(PredictionDrift.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
        // step-up: a larger p-value can pull a smaller one's adjustment down (0.05*2/2 < 0.04*2/1)
        assertThat(PredictionDrift.benjaminiHochberg(new double[] {0.04, 0.05}))
                .containsExactly(new double[] {0.05, 0.05}, within(1e-12));
        assertThat(PredictionDrift.benjaminiHochberg(new double[] {0.9, 0.8})).containsExactly(0.9, 0.9);
        assertThat(PredictionDrift.benjaminiHochberg(new double[0])).isEmpty();
    }

    @Test
    void psiOverFixedBins() {
        // one edge at 0.5: the reference half and half, the window 20% / 80%:
        // (0.2 - 0.5) ln(0.2 / 0.5) + (0.8 - 0.5) ln(0.8 / 0.5) = 0.415888
        double[] reference = {0.1, 0.2, 0.7, 0.9};
        double[] current = {0.3, 0.6, 0.7, 0.8, 0.95};
        assertThat(PredictionDrift.psi(reference, current, new double[] {0.5})).isCloseTo(0.415888, within(1e-6));
        assertThat(PredictionDrift.equalWidthEdges(4)).containsExactly(0.25, 0.5, 0.75);
        assertThat(PredictionDrift.decileEdges(java.util.stream.IntStream.range(0, 100).mapToDouble(i -> i / 100.0)
                .toArray())).hasSize(9).startsWith(0.1).endsWith(0.9);
    }

    @Test
    void wilsonIntervalOfThirtyInAHundred() {
        PredictionDrift.Proportion p = PredictionDrift.proportion(30, 100);
        assertThat(p.lower()).isCloseTo(0.218949, within(1e-6));
        assertThat(p.upper()).isCloseTo(0.395849, within(1e-6));
    }
}
