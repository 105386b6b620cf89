package io.updraft.plugins.ml;

import static io.updraft.plugins.ml.OperatorRuns.provider;
import static io.updraft.plugins.ml.OperatorRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.FailTaskException;
import io.updraft.api.model.ModelFormat;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration with lineage, the gate's decision driving the champion, the registry's champion as the next gate's
 * champion, and the model format the host serves with; on the real data, small models for speed.
 */
class ModelDeploymentTest {

    private static final Map<String, Object> SMALL_XGBOOST = Map.of("trees", 30);

    /** ingest -> validate -> train both -> validate model (champion from the registry) -> register. */
    private static Map<String, Object> pipeline(Path home, Path source, String runId, InMemoryModelRegistry registry,
            double minAuc) throws Exception {
        Map<String, Object> xcoms = TestTaskContext.newRun();
        run(IngestUrlsProvider.NAME, new TestTaskContext(home, runId, "ingest", xcoms), Map.of("source",
                source.toString()));
        run(ValidateDataProvider.NAME, new TestTaskContext(home, runId, "validate_data", xcoms),
                Map.of("snapshot_task", "ingest", "max_psi", 5));
        Map<String, Object> features = run(ExtractUrlFeaturesProvider.NAME, new TestTaskContext(home, runId,
                "extract_features", xcoms), Map.of("snapshot_task", "ingest"));
        run(TrainModelProvider.NAME, new TestTaskContext(home, runId, "train_xgboost", xcoms), Map.of("algorithm",
                "xgboost", "features_task", "extract_features", "hyperparameters", SMALL_XGBOOST));
        run(TrainModelProvider.NAME, new TestTaskContext(home, runId, "train_logistic_regression", xcoms),
                Map.of("algorithm", "logistic_regression", "features_task", "extract_features"));
        TestTaskContext gate = new TestTaskContext(home, runId, "validate_model", xcoms)
                .with(ModelRegistry.class, registry);
        run(ValidateModelProvider.NAME, gate, Map.of("model_tasks", List.of("train_xgboost",
                "train_logistic_regression"), "features_task", "extract_features", "model_name", "phishing_url",
                "bootstrap",
                200, "min_auc", minAuc, "min_accuracy", 0.5));
        TestTaskContext deploy = new TestTaskContext(home, runId, "deploy", xcoms).with(ModelRegistry.class,
                registry);
        Map<String, Object> out = run(RegisterModelProvider.NAME, deploy, Map.of("validation_task",
                "validate_model", "model_name", "phishing_url"));
        out.put("_gate_log", gate.logText());
        out.put("_deploy_log", deploy.logText());
        out.put("_snapshot", ((Map<?, ?>) xcoms.get("ingest/return_value")).get("snapshot_sha256"));
        out.put("_features", features.get("features_sha256"));
        return out;
    }

    @Test
    void registersWithLineageAndTheGateDecidesTheChampion(@TempDir Path home) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        Path first = DatasetSnapshotTest.DATA;
        Path second = home.resolve("changed.csv");
        List<String> lines = Files.readAllLines(first);
        Files.write(second, lines.subList(0, lines.size() - 400)); // another sample: the last 400 rows left out

        Map<String, Object> v1 = pipeline(home, first, "run1", registry, 0.9);
        // trained on less data, the challenger's AUC is significantly below the champion's on the same rows
        Map<String, Object> v2 = pipeline(home, second, "run2", registry, 0.9);
        // the same data, features, code and parameters again: the same model, bit for bit, so no new version
        Map<String, Object> v3 = pipeline(home, first, "run3", registry, 0.9);

        assertThat(v1).containsEntry("version", 1).containsEntry("promoted", true).containsEntry("champion_version", 1);
        assertThat(v2).containsEntry("version", 2).containsEntry("promoted", false)
                .containsEntry("status", ModelVersion.REJECTED).containsEntry("champion_version", 1);
        assertThat(v3).containsEntry("registered", false).containsEntry("same_as_version", 1)
                .containsEntry("promoted", false).containsEntry("champion_version", 1);
        assertThat(registry.versions("phishing_url")).hasSize(2);
        assertThat((String) v3.get("_deploy_log")).contains("not registered: phishing_url version 1 was trained on "
                + "the same data, features, code and parameters");
        // and the gate, comparing it with its identical champion, found no reason to replace it
        assertThat((String) v3.get("_gate_log")).contains("REJECT (no_improvement)", "nothing changed");
        assertThat((String) v2.get("_gate_log")).contains("champion: phishing_url version 1 from the registry",
                "challenger significantly worse");
        assertThat((String) v3.get("_gate_log")).contains("champion: phishing_url version 1 from the registry");

        ModelVersion one = registry.version("phishing_url", 1).orElseThrow();
        ModelVersion two = registry.version("phishing_url", 2).orElseThrow();
        assertThat(one.lineage().dataSha256()).isEqualTo(v1.get("_snapshot"));
        assertThat(two.lineage().dataSha256()).isEqualTo(v2.get("_snapshot")).isNotEqualTo(one.lineage().dataSha256());
        assertThat(List.of(one, two)).extracting(v -> v.lineage().runId()).containsExactly("run1", "run2");
        assertThat(two.lineage().dagId()).isEqualTo("phishing_url_pipeline");
        assertThat(two.lineage().dagVersion()).isEqualTo("test-dag-version");
        assertThat(two.lineage().taskId()).isEqualTo("train_xgboost");
        assertThat(two.lineage().codeVersion()).matches("ml-sha256:[0-9a-f]{16}.*");
        assertThat(two.lineage().featuresSha256()).isEqualTo(v2.get("_features")).matches("[0-9a-f]{64}");
        assertThat(one.lineage().featuresSha256()).isEqualTo(v1.get("_features"))
                .isEqualTo(v3.get("_features")); // same data and features: same artifact
        // the registry holds its own copy of the model folder, named by its digest, apart from the training folder
        assertThat(two.artifactSha256()).matches("[0-9a-f]{64}").isEqualTo(v2.get("artifact_sha256"));
        assertThat(Path.of(two.artifactPath())).isNotEqualTo(Path.of(two.sourcePath()));
        assertThat(io.updraft.api.model.ArtifactDigest.of(Path.of(two.artifactPath()))).isEqualTo(two.artifactSha256());
        assertThat(Path.of(two.artifactPath(), ModelArtifacts.MODEL_FILE)).hasSameBinaryContentAs(
                Path.of(two.sourcePath(), ModelArtifacts.MODEL_FILE));
        assertThat(two.provenanceJson()).contains("tribuo-version", "XGBoost");
        assertThat(two.metrics()).containsKeys("auc", "accuracy", "precision", "recall", "f1", "intervals_95");
        assertThat(two.validation()).containsEntry("decision", "reject").containsKeys("mcnemar", "paired_auc");
        assertThat(two.validation()).containsEntry("rule", "worse").containsKeys("policy", "changes");
        assertThat((List<?>) two.validation().get("changes")).anySatisfy(c -> assertThat(c.toString())
                .startsWith("new data"));
        assertThat(one.validation()).containsEntry("decision", "promote").containsEntry("rule", "first_model");
        assertThat(((Map<?, ?>) two.validation().get("champion")).get("version")).isEqualTo(1);
        assertThat(one.metrics().get("training_key")).isNotNull().isNotEqualTo(two.metrics().get("training_key"));
        assertThat(one.metrics()).containsKeys("curves", "score_bin_edges", "training_inputs");
        assertThat((List<?>) one.metrics().get("score_bin_edges")).hasSize(9);
        assertThat(((Map<?, ?>) one.metrics().get("curves")).get("threshold_reason").toString())
                .contains("not tuned on the held-out rows");
        assertThat(List.of(one, two)).extracting(ModelVersion::status).containsExactly(ModelVersion.PRODUCTION,
                ModelVersion.REJECTED);
        assertThat(registry.alias("phishing_url", ModelVersion.CHALLENGER).orElseThrow().version()).isEqualTo(2);
        assertThat((String) v1.get("_deploy_log")).contains("registered phishing_url version 1", "lineage: data",
                "promoted to champion");

        // the host serves a version through the ModelFormat the plugins register: same scores as training's
        ModelFormat format = ServiceLoader.load(ModelFormat.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(two.format())).findFirst().orElseThrow();
        try (var files = Files.walk(Path.of(two.sourcePath()))) { // the training folder gone: the copy serves
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertThat(Path.of(two.sourcePath())).doesNotExist();
        Scorer scorer = format.load(Path.of(two.artifactPath()));
        ModelArtifacts.LoadedModel model = ModelArtifacts.load(Path.of(two.artifactPath()));
        List<String> urls = List.of("http://paypal.com.secure-login.verify-account.xyz/signin.php?id=1",
                "https://www.wikipedia.org/", "http://192.168.3.4/bank/update");
        double[] expected = ModelTraining.scores(model.model(), urls.stream()
                .map(u -> new UrlExamples(new UrlFeatures(model.hashBuckets())).example(u, -1)).toList());
        assertThat(scorer.scores(urls)).containsExactly(expected);
        assertThat(scorer.score(urls.get(0))).isEqualTo(expected[0]);
        assertThat(scorer.score(urls.get(0))).isGreaterThan(scorer.score(urls.get(1)));
    }

    @Test
    void withoutARegistryOrAChallengerTheTaskFailsClearly(@TempDir Path home) {
        assertThatThrownBy(() -> run(RegisterModelProvider.NAME, new TestTaskContext(home, "r", "deploy",
                TestTaskContext.newRun()), Map.of("validation_task", "validate_model")))
                .isInstanceOf(FailTaskException.class).hasMessageContaining("no model registry");
        assertThatThrownBy(() -> run(RegisterModelProvider.NAME, new TestTaskContext(home, "r", "deploy",
                TestTaskContext.newRun()).with(ModelRegistry.class, new InMemoryModelRegistry()),
                Map.of("validation_task", "validate_model")))
                .isInstanceOf(FailTaskException.class).hasMessageContaining("'validation_task'");
        assertThatThrownBy(() -> provider(RegisterModelProvider.NAME).validate(RegisterModelProvider.NAME,
                Map.of("validation_task", "v", "promote", "sometimes"))).hasMessageContaining("'promote'");
        assertThatThrownBy(() -> provider(RegisterModelProvider.NAME).validate(RegisterModelProvider.NAME,
                Map.of("validation_task", "v", "model_name", "bad name!"))).hasMessageContaining("'model_name'");
    }

    @Test
    void theCodeVersionHashesThisPackagesClasses() {
        String v = CodeVersion.current();
        assertThat(v).matches("ml-sha256:[0-9a-f]{16}.*").isEqualTo(CodeVersion.current());
    }
}
