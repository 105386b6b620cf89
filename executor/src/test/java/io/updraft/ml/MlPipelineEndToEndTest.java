package io.updraft.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.model.ModelVersion;
import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TriggerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ML pipeline as a user runs it: a real DAG file in a real folder, the engine, the H2 store and its registry.
 * Twice on changed data (lineage of both versions, the gate's decision), then on bad data (stopped before
 * training, nothing registered).
 */
class MlPipelineEndToEndTest {

    private static final Path DATA = Path.of(System.getProperty("updraft.dag.specs.dir"),
            "data/phishing-urls/phishing-urls.csv");

    @TempDir
    Path root;

    /** The label field of a data line whose URL holds no comma (url,label,...). */
    private static String label(String line) {
        return line.split(",", 3)[1];
    }

    private static String withLabel(String line, String label) {
        String[] parts = line.split(",", 3);
        return parts[0] + "," + label + "," + parts[2];
    }

    private static String dagFile(Path source) {
        return """
                ml_e2e:
                  schedule: None
                  default_args: {start_date: 2024-01-01, retries: 0}
                  tasks:
                    - task_id: ingest
                      operator: updraft.ml.IngestUrls
                      source: %s
                    - task_id: validate_data
                      operator: updraft.ml.ValidateData
                      snapshot_task: ingest
                      dependencies: [ingest]
                    - task_id: extract_features
                      operator: updraft.ml.ExtractUrlFeatures
                      snapshot_task: ingest
                      dependencies: [validate_data]
                    - task_id: train_xgboost
                      operator: updraft.ml.TrainModel
                      algorithm: xgboost
                      features_task: extract_features
                      hyperparameters: {trees: 100}
                      dependencies: [extract_features]
                    - task_id: train_logistic_regression
                      operator: updraft.ml.TrainModel
                      algorithm: logistic_regression
                      features_task: extract_features
                      dependencies: [extract_features]
                    - task_id: validate_model
                      operator: updraft.ml.ValidateModel
                      model_tasks: [train_xgboost, train_logistic_regression]
                      features_task: extract_features
                      model_name: e2e_model
                      bootstrap: 300
                      min_auc: 0.95
                      min_accuracy: 0.88
                      dependencies: [train_xgboost, train_logistic_regression]
                    - task_id: deploy
                      operator: updraft.ml.RegisterModel
                      validation_task: validate_model
                      model_name: e2e_model
                      dependencies: [validate_model]
                """.formatted(source);
    }

    private record Outcome(DagRun run, Map<String, String> states, Updraft updraft) {
        String log(String taskId) throws java.io.IOException {
            TaskInstance ti = updraft.runs().taskInstances("ml_e2e", run.runId()).stream()
                    .filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
            return Files.readString(io.updraft.run.LogPaths.attemptLog(updraft.config().logsFolder(), ti.key(), 1));
        }
    }

    private static Outcome run(Updraft updraft, Path dags, Path source) throws Exception {
        Files.writeString(dags.resolve("ml_e2e.yml"), dagFile(source));
        updraft.loadDags();
        Dag dag = updraft.dag("ml_e2e").orElseThrow();
        RunEngine engine = updraft.startEngine(false, 4);
        DagRun run = engine.trigger(dag, TriggerRequest.manual(Instant.now(), Map.of(), "test"));
        DagRun finished = engine.completion(run).get(180, TimeUnit.SECONDS);
        Map<String, String> states = updraft.runs().taskInstances("ml_e2e", run.runId()).stream()
                .collect(Collectors.toMap(TaskInstance::taskId, ti -> ti.state().value()));
        return new Outcome(finished, states, updraft);
    }

    @Test
    void twoRunsOnChangedDataAreVersionedWithLineageAndBadDataStopsBeforeTraining() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        List<String> lines = Files.readAllLines(DATA);
        Path sample = root.resolve("sample.csv");
        Files.write(sample, lines.subList(0, 5001)); // header and the first 5,000 rows
        Path appended = root.resolve("appended.csv");
        Files.write(appended, lines); // the 1,430 rows after them appended
        Path badLabel = root.resolve("bad-label.csv");
        List<String> bad = new ArrayList<>(lines);
        bad.set(17, withLabel(bad.get(17), "2"));
        Files.write(badLabel, bad);
        Path conflicting = root.resolve("conflicting.csv");
        List<String> dup = new ArrayList<>(lines);
        String first = lines.get(1);
        dup.add(withLabel(first, label(first).equals("1") ? "0" : "1")); // the same URL with the other label
        Files.write(conflicting, dup);

        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString()));
        try (Updraft updraft = Updraft.open(config, Map.of())) {
            Outcome one = run(updraft, dags, sample);
            Outcome two = run(updraft, dags, appended);

            assertThat(one.run().state()).as(one.states().toString()).isEqualTo(RunState.SUCCESS);
            assertThat(two.run().state()).as(two.states().toString()).isEqualTo(RunState.SUCCESS);
            ModelStore registry = updraft.modelRegistry();
            List<ModelVersion> versions = registry.versions("e2e_model");
            assertThat(versions).hasSize(2);
            ModelVersion v1 = versions.get(0);
            ModelVersion v2 = versions.get(1);
            // lineage: every version traces to what is stored about the run that made it
            assertLineage(updraft, v1, one, sample);
            assertLineage(updraft, v2, two, appended);
            assertThat(v1.lineage().dataSha256()).isNotEqualTo(v2.lineage().dataSha256());
            assertThat(v1.lineage().featuresSha256()).isNotEqualTo(v2.lineage().featuresSha256());
            assertThat(v1.lineage().dagVersion()).isNotEqualTo(v2.lineage().dagVersion());
            assertThat(v2.provenanceJson()).contains("tribuo-version");
            // the gate: the first model clears the floors with no champion; the second is compared with it
            assertThat(v1.validation()).containsEntry("decision", "promote");
            assertThat(v1.validation().get("champion")).isNull();
            assertThat(((Map<?, ?>) v2.validation().get("champion")).get("version")).isEqualTo(1);
            assertThat(v2.validation()).containsKeys("mcnemar", "paired_auc");
            String decision = (String) v2.validation().get("decision");
            int champion = registry.alias("e2e_model", ModelVersion.CHAMPION).orElseThrow().version();
            if ("promote".equals(decision)) {
                assertThat(champion).isEqualTo(2);
                assertThat(v2.status()).isEqualTo(ModelVersion.PRODUCTION);
                assertThat(v1.status()).isEqualTo(ModelVersion.ARCHIVED);
            } else {
                assertThat(champion).isEqualTo(1);
                assertThat(v2.status()).isEqualTo(ModelVersion.REJECTED);
            }
            assertThat(decision).as(v2.validation().get("summary").toString()).isEqualTo("promote");
            assertThat(v2.validation().get("rule")).isIn("superior", "non_inferior");
            assertThat(v2.validation().get("changes").toString()).contains("new data");

            // the same data, features, code and parameters again: the gate keeps the champion, nothing is registered
            Outcome again = run(updraft, dags, appended);
            assertThat(again.run().state()).as(again.states().toString()).isEqualTo(RunState.SUCCESS);
            assertThat(again.log("validate_model")).contains("REJECT (no_improvement)");
            assertThat(again.log("deploy")).contains("not registered: e2e_model version 2 was trained on the same data");
            assertThat(registry.versions("e2e_model")).hasSize(2);

            // bad data: the run fails at data validation and nothing trains or registers
            for (var badData : Map.of(badLabel, "check label.values", conflicting, "check url.duplicates").entrySet()) {
                Outcome stopped = run(updraft, dags, badData.getKey());
                assertThat(stopped.run().state()).isEqualTo(RunState.FAILED);
                assertThat(stopped.states()).containsEntry("ingest", "success")
                        .containsEntry("validate_data", "failed")
                        .containsEntry("extract_features", "upstream_failed")
                        .containsEntry("train_xgboost", "upstream_failed")
                        .containsEntry("train_logistic_regression", "upstream_failed")
                        .containsEntry("deploy", "upstream_failed");
                assertThat(stopped.log("validate_data")).contains(badData.getValue());
            }
            assertThat(registry.versions("e2e_model")).hasSize(2);
            // three runs trained (the third one's model, the same as version 2, was not registered)
            assertThat(Files.list(root.resolve("home/ml/models/ml_e2e")).count()).isEqualTo(3);

            // the registry owns its copies: with every training folder deleted, the champion is still served
            deleteTree(root.resolve("home/ml/models"));
            ModelServing serving = updraft.modelServing();
            var served = serving.predict("e2e_model", List.of("http://paypal.com.secure-login.example.tk/signin.php"));
            assertThat(served.get(0).modelVersion()).isEqualTo(champion);
            // a registry copy altered after registration is refused, naming the version and the file
            ModelVersion archived = registry.version("e2e_model", 1).orElseThrow();
            Path model = Path.of(archived.artifactPath(), "model.tribuo");
            byte[] bytes = Files.readAllBytes(model);
            bytes[bytes.length / 2] ^= 1;
            Files.write(model, bytes);
            assertThatThrownBy(() -> serving.promote("e2e_model", 1, "test"))
                    .isInstanceOf(io.updraft.api.model.ArtifactDigest.MismatchException.class)
                    .hasMessageContaining("'e2e_model' version 1")
                    .hasMessageContaining(archived.artifactSha256())
                    .hasMessageContaining("model.tribuo changed");
            assertThat(registry.alias("e2e_model", ModelVersion.CHAMPION).orElseThrow().version()).isEqualTo(champion);
        }
    }

    /**
     * The version's lineage against the store and the files: the run row and its DAG version row (whose source is
     * this run's DAG file), the training task's row, the snapshot and feature artifact files and their hashes, the
     * code version of the plugins, the registry's copy and its digest.
     */
    private static void assertLineage(Updraft updraft, ModelVersion v, Outcome outcome, Path source)
            throws Exception {
        io.updraft.api.model.Lineage lineage = v.lineage();
        assertThat(lineage.dagId()).isEqualTo("ml_e2e");
        DagRun run = updraft.runs().findRun("ml_e2e", lineage.runId()).orElseThrow();
        assertThat(run.runId()).isEqualTo(outcome.run().runId());
        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        assertThat(lineage.dagVersion()).isEqualTo(run.dagVersion());
        io.updraft.dag.DagVersion dagVersion = updraft.dags().versions("ml_e2e").stream()
                .filter(d -> d.versionHash().equals(lineage.dagVersion())).findFirst().orElseThrow();
        assertThat(dagVersion.sourceCode()).contains("source: " + source);
        TaskInstance trainer = updraft.runs().taskInstances("ml_e2e", run.runId()).stream()
                .filter(t -> t.taskId().equals(lineage.taskId())).findFirst().orElseThrow();
        assertThat(trainer.state().value()).isEqualTo("success");
        assertThat(lineage.taskId()).isIn("train_xgboost", "train_logistic_regression");

        Map<String, Object> ingest = xcom(updraft, run, "ingest");
        Map<String, Object> features = xcom(updraft, run, "extract_features");
        Path home = updraft.config().home();
        Path snapshot = home.resolve("ml/snapshots/" + lineage.dataSha256() + ".csv");
        assertThat(lineage.dataSha256()).isEqualTo(ingest.get("snapshot_sha256")).isEqualTo(sha256(snapshot));
        Path featureFile = home.resolve("ml/features/" + lineage.dataSha256() + "/" + lineage.featuresSha256()
                + ".features");
        assertThat(lineage.featuresSha256()).isEqualTo(features.get("features_sha256"))
                .isEqualTo(sha256(featureFile));
        assertThat(features.get("data_sha256")).isEqualTo(lineage.dataSha256());
        assertThat(lineage.codeVersion()).matches("ml-sha256:[0-9a-f]{16}.*").isEqualTo(
                Class.forName("io.updraft.plugins.ml.CodeVersion").getMethod("current").invoke(null));

        Path copy = Path.of(v.artifactPath());
        assertThat(copy).startsWith(home.resolve("ml/registry/e2e_model")).isDirectory();
        assertThat(copy.getFileName().toString()).isEqualTo(v.artifactSha256());
        assertThat(io.updraft.api.model.ArtifactDigest.of(copy)).isEqualTo(v.artifactSha256());
        assertThat(v.sourcePath()).startsWith(home.resolve("ml/models/ml_e2e").toString()).contains(run.runId()
                .replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static Map<String, Object> xcom(Updraft updraft, DagRun run, String taskId) {
        String json = updraft.runs().findXCom("ml_e2e", run.runId(), taskId, -1, "return_value").orElseThrow()
                .value();
        return io.updraft.json.Json.readObject(json);
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
