package io.updraft.plugins.ml;

import static io.updraft.plugins.ml.OperatorRuns.provider;
import static io.updraft.plugins.ml.OperatorRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.FailTaskException;
import io.updraft.api.model.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

/**
 * updraft.ml.ExtractUrlFeatures on the real data: the content-hashed artifact, training and validation from it, and
 * the proof that a URL gets the same feature vector from the artifact (training) as from the served model.
 */
class FeatureArtifactTest {

    private static Map<String, Object> ingestAndValidate(Path home, Map<String, Object> xcoms) throws Exception {
        Map<String, Object> ingest = run(IngestUrlsProvider.NAME, new TestTaskContext(home, "run1", "ingest", xcoms),
                Map.of("source", DatasetSnapshotTest.DATA.toString()));
        run(ValidateDataProvider.NAME, new TestTaskContext(home, "run1", "validate_data", xcoms),
                Map.of("snapshot_task", "ingest"));
        return ingest;
    }

    @Test
    void theArtifactIsContentHashedUnderTheDataVersionAndHoldsEveryRowsFeatures(@TempDir Path home)
            throws Exception {
        Map<String, Object> xcoms = TestTaskContext.newRun();
        String sha = (String) ingestAndValidate(home, xcoms).get("snapshot_sha256");
        TestTaskContext context = new TestTaskContext(home, "run1", "extract_features", xcoms);
        Map<String, Object> out = run(ExtractUrlFeaturesProvider.NAME, context, Map.of("snapshot_task", "ingest"));

        Path file = Path.of((String) out.get("features_path"));
        String featuresSha = (String) out.get("features_sha256");
        assertThat(file).isEqualTo(home.resolve("ml/features/" + sha + "/" + featuresSha + ".features"));
        assertThat(FeatureMatrix.sha256Of(file)).isEqualTo(featuresSha);
        assertThat(out).containsEntry("rows", 6430).containsEntry("data_sha256", sha)
                .containsEntry("feature_count", UrlFeatures.lexicalCount() + 256).containsEntry("hash_buckets", 256);
        assertThat((Double) out.get("extraction_urls_per_second")).isPositive();
        assertThat(context.logText()).contains("URLs/s", featuresSha);

        DatasetSnapshot data = DatasetSnapshot.load(home.resolve("ml/snapshots"), sha);
        FeatureMatrix matrix = FeatureMatrix.read(file, featuresSha);
        UrlFeatures features = new UrlFeatures();
        int[] labels = data.labels();
        for (int i = 0; i < matrix.rows(); i++) {
            int row = matrix.rowId(i);
            assertThat(row).isEqualTo(i);
            assertThat(matrix.label(i)).isEqualTo(labels[row]);
            assertThat(matrix.dense(i)).as("row %d: %s", row + 1, data.url(row))
                    .containsExactly(features.extract(data.url(row)));
        }
        // deterministic: the same snapshot gives the same artifact
        Map<String, Object> again = run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, "run2",
                "extract_features", xcoms), Map.of("snapshot", sha));
        assertThat(again.get("features_sha256")).isEqualTo(featuresSha);
        // another configuration is another artifact of the same data version
        Map<String, Object> small = run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, "run2",
                "extract_small", xcoms), Map.of("snapshot", sha, "hash_buckets", 16));
        assertThat(small.get("features_sha256")).isNotEqualTo(featuresSha);
        assertThat(Path.of((String) small.get("features_path")).getParent()).isEqualTo(file.getParent());
    }

    @Test
    void aUrlGetsTheSameFeaturesFromTheArtifactAsFromTheServedModel(@TempDir Path home) throws Exception {
        Map<String, Object> xcoms = TestTaskContext.newRun();
        String sha = (String) ingestAndValidate(home, xcoms).get("snapshot_sha256");
        Map<String, Object> extracted = run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, "run1",
                "extract_features", xcoms), Map.of("snapshot_task", "ingest"));
        Map<String, Object> trained = run(TrainModelProvider.NAME, new TestTaskContext(home, "run1", "train", xcoms),
                Map.of("algorithm", "logistic_regression", "features_task", "extract_features"));
        assertThat(trained.get("features_sha256")).isEqualTo(extracted.get("features_sha256"));
        assertThat(trained.get("data_sha256")).isEqualTo(sha);
        Path folder = Path.of((String) trained.get("model_path"));
        assertThat(((Map<?, ?>) Json.read(folder.resolve(ModelArtifacts.TRAINING_FILE)).get("features"))
                .get("artifact_sha256")).isEqualTo(extracted.get("features_sha256"));

        // the training path: examples read from the artifact; the serving path: the model format's scorer
        FeatureMatrix matrix = FeatureMatrix.read(Path.of((String) extracted.get("features_path")), null);
        DatasetSnapshot data = DatasetSnapshot.load(home.resolve("ml/snapshots"), sha);
        ModelArtifacts.LoadedModel model = ModelArtifacts.load(folder);
        UrlExamples examples = new UrlExamples(new UrlFeatures(model.hashBuckets()));
        TribuoUrlModelFormat.UrlScorer served = (TribuoUrlModelFormat.UrlScorer) new TribuoUrlModelFormat()
                .load(folder);
        int[] rows = java.util.stream.IntStream.range(0, matrix.rows()).map(matrix::rowId).toArray();
        List<Example<Label>> fromArtifact = examples.examples(matrix, rows);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String url = data.url(rows[i]);
            urls.add(url);
            assertThat(featureList(served.example(url))).as("row %d: %s", rows[i] + 1, url)
                    .isEqualTo(featureList(fromArtifact.get(i)));
        }
        assertThat(urls).anyMatch(u -> u.contains(",")); // RFC 4180-quoted fields among them
        // and so the served scores are the training path's scores, bit for bit
        Scorer scorer = served;
        assertThat(scorer.scores(urls)).containsExactly(ModelTraining.scores(model.model(), fromArtifact));
    }

    private static List<String> featureList(Example<Label> example) {
        List<String> out = new ArrayList<>();
        for (Feature f : example) {
            out.add(f.getName() + "=" + Double.doubleToRawLongBits(f.getValue()));
        }
        return out;
    }

    @Test
    void unvalidatedDataAModifiedArtifactAndMismatchedSettingsAreRefused(@TempDir Path home) throws Exception {
        Map<String, Object> xcoms = TestTaskContext.newRun();
        Map<String, Object> ingest = run(IngestUrlsProvider.NAME, new TestTaskContext(home, "run1", "ingest", xcoms),
                Map.of("source", DatasetSnapshotTest.DATA.toString()));
        assertThatThrownBy(() -> run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, "run1", "extract",
                xcoms), Map.of("snapshot_task", "ingest"))).isInstanceOf(FailTaskException.class)
                .hasMessageContaining("refusing to extract features of unvalidated data");
        run(ValidateDataProvider.NAME, new TestTaskContext(home, "run1", "validate_data", xcoms),
                Map.of("snapshot_task", "ingest"));
        Map<String, Object> extracted = run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, "run1",
                "extract", xcoms), Map.of("snapshot_task", "ingest", "hash_buckets", 64));

        assertThatThrownBy(() -> run(TrainModelProvider.NAME, new TestTaskContext(home, "run1", "train", xcoms),
                Map.of("algorithm", "logistic_regression", "features_task", "extract", "hash_buckets", 256)))
                .isInstanceOf(FailTaskException.class).hasMessageContaining("'hash_buckets'");
        Path other = home.resolve("other.csv");
        List<String> lines = Files.readAllLines(DatasetSnapshotTest.DATA);
        Files.write(other, lines.subList(0, 3000));
        run(IngestUrlsProvider.NAME, new TestTaskContext(home, "run1", "ingest_other", xcoms),
                Map.of("source", other.toString()));
        assertThatThrownBy(() -> run(TrainModelProvider.NAME, new TestTaskContext(home, "run1", "train", xcoms),
                Map.of("algorithm", "logistic_regression", "features_task", "extract", "snapshot_task",
                        "ingest_other"))).isInstanceOf(FailTaskException.class)
                .hasMessageContaining("was extracted from snapshot " + ingest.get("snapshot_sha256"));

        Path file = Path.of((String) extracted.get("features_path"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> run(TrainModelProvider.NAME, new TestTaskContext(home, "run1", "train", xcoms),
                Map.of("algorithm", "logistic_regression", "features_task", "extract")))
                .isInstanceOf(FailTaskException.class).hasMessageContaining("was modified")
                .hasMessageContaining((String) extracted.get("features_sha256"));
        assertThatThrownBy(() -> provider(ExtractUrlFeaturesProvider.NAME).validate(ExtractUrlFeaturesProvider.NAME,
                Map.of("snapshot_task", "ingest", "hash_buckets", 100))).hasMessageContaining("'hash_buckets'");
        assertThatThrownBy(() -> provider(TrainModelProvider.NAME).validate(TrainModelProvider.NAME,
                Map.of("algorithm", "xgboost"))).hasMessageContaining("features_task");
    }
}
