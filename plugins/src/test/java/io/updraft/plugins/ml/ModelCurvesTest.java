package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model card's curves on hand-worked scores. */
class ModelCurvesTest {

    // positives 0.9, 0.6, 0.35; negatives 0.7, 0.2, 0.1
    private static final double[] SCORES = {0.9, 0.7, 0.6, 0.35, 0.2, 0.1};
    private static final int[] Y = {1, 0, 1, 1, 0, 0};

    @Test
    void rocAndPrecisionRecallStepThroughEveryThreshold() {
        List<double[]> roc = new ArrayList<>();
        List<double[]> pr = new ArrayList<>();
        ModelCurves.sweep(SCORES, Y, roc, pr);
        // thresholds 0.9, 0.7, 0.6, 0.35, 0.2, 0.1: (fp/3, tp/3)
        assertThat(roc).containsExactly(new double[] {0, 0}, new double[] {0, 1 / 3.0}, new double[] {1 / 3.0, 1 / 3.0},
                new double[] {1 / 3.0, 2 / 3.0}, new double[] {1 / 3.0, 1}, new double[] {2 / 3.0, 1},
                new double[] {1, 1});
        // (recall, precision): 1/3 at 1/1, 1/3 at 1/2, 2/3 at 2/3, 1 at 3/4, 1 at 3/5, 1 at 3/6
        assertThat(pr.get(3)).containsExactly(1, 0.75);
        assertThat(pr.get(1)).containsExactly(1 / 3.0, 0.5);
    }

    @Test
    void calibrationBinsAndTheirError() {
        List<Map<String, Object>> bins = ModelCurves.calibration(SCORES, Y);
        // bins [0.1,0.2), [0.2,0.3), [0.3,0.4), [0.6,0.7), [0.7,0.8), [0.9,1]: one score each
        assertThat(bins).extracting(b -> b.get("lower")).containsExactly(0.1, 0.2, 0.3, 0.6, 0.7, 0.9);
        assertThat(bins.get(2)).containsEntry("observed", 1.0).containsEntry("n", 1L);
        // |0 - 0.1| + |0 - 0.2| + |1 - 0.35| + |1 - 0.6| + |0 - 0.7| + |1 - 0.9|, each weighted 1/6
        assertThat(ModelCurves.expectedCalibrationError(bins, 6)).isCloseTo(2.15 / 6, within(1e-12));
        Map<String, Object> card = ModelCurves.of(SCORES, Y);
        assertThat(card).containsEntry("threshold", 0.5).containsKeys("roc", "precision_recall", "calibration");
        assertThat((String) card.get("threshold_reason")).contains("expected calibration error 0.358 on 6");
    }
}
