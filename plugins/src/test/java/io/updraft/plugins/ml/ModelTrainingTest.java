package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainingTest {

    /** Every 6th row of the real data: small enough to train in well under a second. */
    static DatasetSnapshot sample() throws Exception {
        DatasetSnapshot d = DatasetSnapshot.read(DatasetSnapshotTest.DATA);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i += 6) {
            rows.add(d.row(i));
        }
        return DatasetSnapshot.of(d.columns(), rows);
    }

    @Test
    void bothAlgorithmsAreDeterministicForASeedAndRoundTripThroughFiles(@TempDir Path dir) throws Exception {
        DatasetSnapshot data = sample();
        DatasetSnapshot.Split split = data.split(5, 0.25);
        for (ModelTraining.Algorithm algorithm : ModelTraining.Algorithm.values()) {
            Map<String, Object> h = ModelTraining.hyperparameters(algorithm,
                    algorithm == ModelTraining.Algorithm.XGBOOST ? Map.of("trees", 40) : Map.of("epochs", 3));
            ModelTraining.TrainedModel a = ModelTraining.train(data, split, algorithm, h, 64);
            ModelTraining.TrainedModel b = ModelTraining.train(data, split, algorithm, h, 64);
            assertThat(a.testMetrics()).isEqualTo(b.testMetrics());
            assertThat(a.testMetrics().auc()).isGreaterThan(0.8);

            Path folder = dir.resolve(algorithm.id());
            ModelArtifacts.save(a, folder, Map.of("run_id", "test"));
            assertThat(Files.readString(folder.resolve(ModelArtifacts.PROVENANCE_FILE))).contains("tribuo-version");
            ModelArtifacts.LoadedModel loaded = ModelArtifacts.load(folder);
            assertThat(loaded.hashBuckets()).isEqualTo(64);
            assertThat(loaded.algorithm()).isEqualTo(algorithm.id());
            UrlExamples examples = new UrlExamples(new UrlFeatures(64));
            var test = examples.examples(data, split.test());
            assertThat(ModelTraining.scores(loaded.model(), test)).isEqualTo(ModelTraining.scores(a.model(), test));
        }
    }

    @Test
    void theSameInputsGiveABitIdenticalModelFile(@TempDir Path dir) throws Exception {
        DatasetSnapshot data = sample();
        DatasetSnapshot.Split split = data.split(7, 0.2);
        for (ModelTraining.Algorithm algorithm : ModelTraining.Algorithm.values()) {
            Map<String, Object> h = ModelTraining.hyperparameters(algorithm,
                    algorithm == ModelTraining.Algorithm.XGBOOST ? Map.of("trees", 30) : Map.of("epochs", 2));
            ModelArtifacts.save(ModelTraining.train(data, split, algorithm, h, 64), dir.resolve("a-" + algorithm),
                    Map.of("run_id", "a"));
            Thread.sleep(5); // another wall-clock time: Tribuo's own training time would differ
            ModelArtifacts.save(ModelTraining.train(data, split, algorithm, h, 64), dir.resolve("b-" + algorithm),
                    Map.of("run_id", "b"));
            assertThat(dir.resolve("b-" + algorithm).resolve(ModelArtifacts.MODEL_FILE))
                    .hasSameBinaryContentAs(dir.resolve("a-" + algorithm).resolve(ModelArtifacts.MODEL_FILE));
            assertThat(dir.resolve("b-" + algorithm).resolve(ModelArtifacts.PROVENANCE_FILE))
                    .hasSameTextualContentAs(dir.resolve("a-" + algorithm).resolve(ModelArtifacts.PROVENANCE_FILE));
            // another seed is another model: the comparison above can fail
            ModelArtifacts.save(ModelTraining.train(data, data.split(8, 0.2), algorithm, h, 64),
                    dir.resolve("c-" + algorithm), Map.of("run_id", "c"));
            assertThat(Files.mismatch(dir.resolve("c-" + algorithm).resolve(ModelArtifacts.MODEL_FILE),
                    dir.resolve("a-" + algorithm).resolve(ModelArtifacts.MODEL_FILE))).isNotEqualTo(-1L);
        }
    }

    @Test
    void unknownHyperparametersAreRejectedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelTraining.hyperparameters(
                ModelTraining.Algorithm.XGBOOST, Map.of("tress", 10))).hasMessageContaining("'tress'");
    }
}
