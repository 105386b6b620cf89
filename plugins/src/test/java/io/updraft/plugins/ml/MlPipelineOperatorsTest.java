package io.updraft.plugins.ml;

import static io.updraft.plugins.ml.OperatorRuns.provider;
import static io.updraft.plugins.ml.OperatorRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.FailTaskException;
import io.updraft.api.OperatorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin contract end to end without the engine: ingest -> validate data -> train both models -> validate
 * model, on the real copied data set, through the providers found by ServiceLoader.
 */
class MlPipelineOperatorsTest {

    private static final String SOURCE = DatasetSnapshotTest.DATA.toString();

    @Test
    void allFourOperatorsAreRegistered() {
        Set<String> names = ServiceLoader.load(OperatorProvider.class).stream().map(ServiceLoader.Provider::get)
                .flatMap(p -> p.operatorNames().stream()).collect(Collectors.toSet());
        assertThat(names).contains("updraft.example.Sleep", IngestUrlsProvider.NAME, ValidateDataProvider.NAME,
                ExtractUrlFeaturesProvider.NAME, TrainModelProvider.NAME, ValidateModelProvider.NAME,
                RegisterModelProvider.NAME, MonitorPredictionsProvider.NAME);
    }

    @Test
    void argumentsAreCheckedAtLoadNamingTheArgument() {
        assertThatThrownBy(() -> provider(TrainModelProvider.NAME).validate(TrainModelProvider.NAME,
                Map.of("algorithm", "forest", "snapshot_task", "ingest"))).hasMessageContaining("'algorithm'");
        assertThatThrownBy(() -> provider(ValidateDataProvider.NAME).validate(ValidateDataProvider.NAME,
                Map.of("snapshot_task", "ingest", "test_fraction", 2))).hasMessageContaining("'test_fraction'");
        assertThatThrownBy(() -> provider(IngestUrlsProvider.NAME).validate(IngestUrlsProvider.NAME, Map.of()))
                .hasMessageContaining("'source'");
        assertThatThrownBy(() -> provider(ValidateModelProvider.NAME).validate(ValidateModelProvider.NAME,
                Map.of("snapshot_task", "ingest"))).hasMessageContaining("models, model_tasks");
        // templates are only judged after rendering
        provider(ValidateDataProvider.NAME).validate(ValidateDataProvider.NAME,
                Map.of("snapshot", "{{ ti.xcom_pull('ingest') }}", "seed", "{{ params.seed }}"));
    }

    @Test
    void ingestValidateTrainBothAndValidateModelOnTheRealData(@TempDir Path home) throws Exception {
        Map<String, Object> xcoms = TestTaskContext.newRun();
        Map<String, Object> ingest = run(IngestUrlsProvider.NAME,
                new TestTaskContext(home, "run1", "ingest", xcoms), Map.of("source", SOURCE));
        String sha = (String) ingest.get("snapshot_sha256");
        assertThat(ingest.get("rows")).isEqualTo(6430);
        assertThat(home.resolve("ml/snapshots/" + sha + ".csv")).exists();

        TestTaskContext validateContext = new TestTaskContext(home, "run1", "validate_data", xcoms);
        Map<String, Object> validation = run(ValidateDataProvider.NAME, validateContext,
                Map.of("snapshot_task", "ingest", "seed", "42"));
        assertThat(validation.get("passed")).isEqualTo(true);
        assertThat(validateContext.logText()).contains("columns.constant", "sfh");
        assertThat(Json.read(home.resolve("ml/snapshots/accepted.json")).get("sha256")).isEqualTo(sha);

        Map<String, Object> features = run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, "run1",
                "extract_features", xcoms), Map.of("snapshot_task", "ingest", "seed", 42));
        // XGBoost from the feature artifact, the logistic regression from features extracted in its own task
        Map<String, Object> xgb = run(TrainModelProvider.NAME, new TestTaskContext(home, "run1", "train_xgboost",
                xcoms), Map.of("algorithm", "xgboost", "features_task", "extract_features", "seed", 42));
        assertThat(xgb.get("features_sha256")).isEqualTo(features.get("features_sha256"));
        Map<String, Object> lr = run(TrainModelProvider.NAME, new TestTaskContext(home, "run1",
                "train_logistic_regression", xcoms), Map.of("algorithm", "logistic_regression", "snapshot_task",
                "ingest", "seed", 42));
        Path xgbFolder = Path.of((String) xgb.get("model_path"));
        assertThat(xgbFolder.resolve(ModelArtifacts.MODEL_FILE)).exists();
        assertThat(Files.readString(xgbFolder.resolve(ModelArtifacts.PROVENANCE_FILE))).contains("XGBoost");
        assertThat(Json.read(xgbFolder.resolve(ModelArtifacts.TRAINING_FILE))).containsEntry("data_sha256", sha);

        TestTaskContext gateContext = new TestTaskContext(home, "run1", "validate_model", xcoms);
        Map<String, Object> gate = run(ValidateModelProvider.NAME, gateContext, Map.of("model_tasks",
                List.of("train_xgboost", "train_logistic_regression"), "snapshot_task", "ingest", "seed", 42,
                "min_auc", 0.97, "min_accuracy", 0.92, "bootstrap", 500));
        System.out.println(gateContext.logText());
        assertThat(gate.get("decision")).isEqualTo("promote");
        Map<?, ?> challenger = (Map<?, ?>) gate.get("challenger");
        assertThat(challenger.get("algorithm")).isEqualTo("xgboost");
        Map<?, ?> metrics = (Map<?, ?>) challenger.get("metrics");
        assertThat((Double) metrics.get("auc")).isGreaterThanOrEqualTo(0.97);
        assertThat((Double) metrics.get("accuracy")).isGreaterThanOrEqualTo(0.92);
        assertThat(Path.of((String) gate.get("report_path"))).exists();

        // the next run: the new XGBoost challenges the logistic regression as champion and wins; the other way
        // round, the logistic regression is rejected as significantly worse
        Map<String, Object> beatsChampion = run(ValidateModelProvider.NAME, new TestTaskContext(home, "run2",
                "validate_model", xcoms), Map.of("models", List.of(xgbFolder.toString()), "champion",
                lr.get("model_path"), "snapshot", sha, "bootstrap", 300));
        assertThat(beatsChampion.get("promote")).isEqualTo(true);
        assertThat(beatsChampion.get("mcnemar")).isNotNull();
        Map<String, Object> worse = run(ValidateModelProvider.NAME, new TestTaskContext(home, "run3",
                "validate_model", xcoms), Map.of("models", List.of((String) lr.get("model_path")), "champion",
                xgbFolder.toString(), "snapshot", sha, "bootstrap", 300, "min_auc", 0.5, "min_accuracy", 0.5));
        assertThat(worse.get("promote")).isEqualTo(false);
        assertThat((List<?>) worse.get("reasons")).anySatisfy(r -> assertThat(r.toString())
                .contains("significantly worse"));
    }

    @Test
    void badDataFailsValidationAndIsNeverTrainedOn(@TempDir Path home) throws Exception {
        Path bad = home.resolve("bad.csv");
        Files.writeString(bad, "url,label\r\n" + "http://a.com/x,1\r\n".repeat(0)
                + java.util.stream.IntStream.range(0, 30).mapToObj(i -> "http://site" + i + ".com/p," + (i % 2))
                        .collect(Collectors.joining("\r\n")) + "\r\n\"http://evil.com/a,b\",7\r\n");
        Map<String, Object> xcoms = TestTaskContext.newRun();
        Map<String, Object> ingest = run(IngestUrlsProvider.NAME, new TestTaskContext(home, "r", "ingest", xcoms),
                Map.of("source", bad.toString()));
        assertThatThrownBy(() -> run(ValidateDataProvider.NAME, new TestTaskContext(home, "r", "validate_data",
                xcoms), Map.of("snapshot_task", "ingest")))
                .isInstanceOf(FailTaskException.class)
                .hasMessageContaining("check label.values")
                .hasMessageContaining("row 31");
        assertThat(home.resolve("ml/snapshots/accepted.json")).doesNotExist();
        assertThatThrownBy(() -> run(TrainModelProvider.NAME, new TestTaskContext(home, "r", "train", xcoms),
                Map.of("algorithm", "logistic_regression", "snapshot", ingest.get("snapshot_sha256"))))
                .isInstanceOf(FailTaskException.class)
                .hasMessageContaining("refusing to train");
    }
}
