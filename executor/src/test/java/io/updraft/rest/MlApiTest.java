package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.api.model.ModelVersion;
import io.updraft.app.Updraft;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /api/ml} over real HTTP: two versions registered by running a real pipeline DAG twice through the
 * service, then listing, predicting, promoting and rolling back (also while clients keep predicting), the
 * prediction log, monitoring by a real monitoring DAG, errors and roles.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlApiTest extends RestTestSupport {

    private static final String ML = "/api/ml/models";
    private static final String MODEL = "rest_model";
    private static final Path DATA = Path.of(System.getProperty("updraft.dag.specs.dir"),
            "data/phishing-urls/phishing-urls.csv").toAbsolutePath();
    private static final String PHISHY = "http://paypal.com.account-verify.secure-login.xyz/webscr.php?cmd=login";
    private static final String SAFE = "https://www.wikipedia.org/wiki/Main_Page";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Updraft updraft;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Override
    protected HttpClient client() {
        return client;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        try {
            // version 1 is trained on all but the last 400 rows, version 2 on all: new data, a reason to deploy
            List<String> lines = Files.readAllLines(DATA);
            Files.write(root.resolve("urls.csv"), lines.subList(0, lines.size() - 400));
            Files.writeString(root.resolve("dags/ml_rest.yml"), """
                    ml_rest:
                      schedule: None
                      is_paused_upon_creation: false
                      default_args: {start_date: 2024-01-01, retries: 0}
                      tasks:
                        - {task_id: ingest, operator: updraft.ml.IngestUrls, source: "%s"}
                        - {task_id: validate_data, operator: updraft.ml.ValidateData, snapshot_task: ingest,
                           dependencies: [ingest]}
                        - {task_id: train_xgboost, operator: updraft.ml.TrainModel, algorithm: xgboost,
                           snapshot_task: ingest, hyperparameters: {trees: 50}, dependencies: [validate_data]}
                        - {task_id: train_logistic_regression, operator: updraft.ml.TrainModel,
                           algorithm: logistic_regression, snapshot_task: ingest, dependencies: [validate_data]}
                        - {task_id: validate_model, operator: updraft.ml.ValidateModel, snapshot_task: ingest,
                           model_tasks: [train_xgboost, train_logistic_regression], model_name: %s,
                           bootstrap: 200, min_auc: 0.9, min_accuracy: 0.85, non_inferiority_margin: 0.02,
                           dependencies: [train_xgboost, train_logistic_regression]}
                        - {task_id: deploy, operator: updraft.ml.RegisterModel, validation_task: validate_model,
                           model_name: %s, retention: 30d, dependencies: [validate_model]}
                    ml_rest_monitoring:
                      schedule: None
                      is_paused_upon_creation: false
                      default_args: {start_date: 2024-01-01, retries: 0}
                      tasks:
                        - {task_id: monitor, operator: updraft.ml.MonitorPredictions, model_name: %s,
                           window: 1h, reference_window: 24h, min_predictions: 5}
                    """.formatted(root.resolve("urls.csv"), MODEL, MODEL, MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @BeforeAll
    void deployTwoVersions() throws Exception {
        users.save(new User("ml-viewer", hasher.hash("viewer-pass"), Role.VIEWER));
        for (int i = 0; i < 3; i++) {
            if (i == 1) {
                Files.copy(DATA, root.resolve("urls.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Object> run = ok(post("/api/v2/dags/ml_rest/dagRuns", "{\"logical_date\": null}"));
            Map<String, Object> done = awaitRun("/api/v2", "ml_rest", (String) run.get("dag_run_id"));
            assertThat(done.get("state")).isEqualTo("success");
        }
        // the third run retrained on the same data, features, code and parameters: no version 3
    }

    private Map<String, Object> predict(String body) {
        return ok(post(ML + "/" + MODEL + "/predict", body));
    }

    @Test
    @Order(1)
    void listsModelsWithVersionsAliasesMetricsAndLineage() {
        Map<String, Object> body = ok(get(ML));
        Map<String, Object> model = items(body, "models").stream().filter(m -> m.get("name").equals(MODEL))
                .findFirst().orElseThrow();
        assertThat(model.get("aliases")).isEqualTo(Map.of("champion", 2, "challenger", 2));
        assertThat(model.get("latest_version")).isEqualTo(2);
        List<Map<String, Object>> versions = items(model, "versions");
        assertThat(versions).extracting(v -> v.get("version") + ":" + v.get("status"))
                .containsExactly("1:archived", "2:production");
        Map<String, Object> v2 = versions.get(1);
        assertThat(v2).containsKeys("metrics", "lineage", "validation", "created_at", "artifact_path")
                .containsEntry("format", "tribuo-url").containsEntry("aliases", List.of("challenger", "champion"))
                .doesNotContainKey("provenance");
        assertThat(map(v2.get("metrics"))).containsKeys("auc", "accuracy", "precision", "recall", "f1");
        assertThat(map(v2.get("lineage"))).containsEntry("dag_id", "ml_rest").containsKeys("data_sha256",
                "dag_version", "run_id", "task_id", "code_version");
        assertThat(map(v2.get("validation"))).containsEntry("decision", "promote").containsKeys("rule", "policy");
        assertThat(map(v2.get("validation")).get("rule")).isIn("superior", "non_inferior");
        assertThat(map(map(v2.get("validation")).get("policy"))).containsEntry("non_inferiority_margin_auc", 0.02);
        assertThat(map(v2.get("validation")).get("changes").toString()).contains("new data");
        assertThat(v2).containsEntry("artifact_pruned_at", null);
        assertThat(map(v2.get("metrics"))).containsKeys("training_key", "score_bin_edges");

        Map<String, Object> one = ok(get(ML + "/" + MODEL));
        assertThat(items(one, "alias_history")).extracting(h -> h.get("action") + ":" + h.get("alias") + ":"
                + h.get("version")).contains("promote:champion:2", "promote:champion:1", "set:challenger:2");
        Map<String, Object> detail = ok(get(ML + "/" + MODEL + "/versions/2"));
        assertThat((List<?>) detail.get("provenance")).isNotEmpty(); // Tribuo's marshalled provenance objects
        assertThat(detail.get("provenance").toString()).contains("XGBoost");
    }

    @Test
    @Order(2)
    void predictsWithTheChampionAndLogsEveryPrediction() throws Exception {
        long before = updraft.modelRegistry().predictions(MODEL, Instant.EPOCH, Instant.now().plusSeconds(60))
                .size();
        Map<String, Object> single = predict("{\"url\": \"" + PHISHY + "\"}");
        Map<String, Object> batch = predict("{\"urls\": [\"" + PHISHY + "\", \"" + SAFE + "\"]}");

        Map<String, Object> p = items(single, "predictions").get(0);
        assertThat(p).containsOnlyKeys("url", "score", "label", "model_version", "prediction_id")
                .containsEntry("url", PHISHY).containsEntry("model_version", 2);
        assertThat((String) p.get("prediction_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-.*");
        double phishy = ((Number) p.get("score")).doubleValue();
        assertThat(phishy).isBetween(0.0, 1.0);
        assertThat(p.get("label")).isEqualTo(phishy >= 0.5 ? 1 : 0);
        List<Map<String, Object>> two = items(batch, "predictions");
        assertThat(two).extracting(x -> x.get("url")).containsExactly(PHISHY, SAFE);
        assertThat(((Number) two.get(0).get("score")).doubleValue()).isEqualTo(phishy);
        assertThat(((Number) two.get(1).get("score")).doubleValue()).isLessThan(phishy);

        updraft.modelServing().flushLog();
        var logged = updraft.modelRegistry().predictions(MODEL, Instant.EPOCH, Instant.now().plusSeconds(60));
        assertThat(logged).hasSize((int) before + 3);
        assertThat(logged.get(logged.size() - 1).modelVersion()).isEqualTo(2);
        assertThat(logged.get(logged.size() - 1).score()).isEqualTo(((Number) two.get(1).get("score")).doubleValue());

        // the audit log: newest first, paged, the URL's SHA-256 (the URL itself only when the setting allows)
        Map<String, Object> page = ok(get(ML + "/" + MODEL + "/predictions?limit=2"));
        assertThat(((Number) page.get("total_entries")).intValue()).isEqualTo((int) before + 3);
        List<Map<String, Object>> newest = items(page, "predictions");
        assertThat(newest).extracting(x -> x.get("prediction_id")).containsExactly(two.get(1).get("prediction_id"),
                two.get(0).get("prediction_id"));
        assertThat(newest.get(0)).containsEntry("model_version", 2).containsEntry("url", null)
                .containsEntry("true_label", null).containsEntry("score", two.get(1).get("score"))
                .containsEntry("url_sha256", sha256(SAFE)).containsKey("predicted_at");
        assertThat(items(ok(get(ML + "/" + MODEL + "/predictions?limit=2&offset=2")), "predictions").get(0))
                .containsEntry("prediction_id", p.get("prediction_id"));
        assertThat(ok(get(ML + "/" + MODEL + "/predictions?model_version=1")).get("total_entries")).isEqualTo(0);
        assertValidationError(get(ML + "/" + MODEL + "/predictions?limit=0"), "less_than_equal",
                List.of("query", "limit"));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    @Order(3)
    void promoteAndRollbackMoveTheChampionAndThePredictions() {
        Map<String, Object> promoted = ok(post(ML + "/" + MODEL + "/promote", "{\"version\": 1}"));
        assertThat(promoted).containsEntry("champion", 1).containsEntry("previous_champion", 2)
                .containsEntry("served_version", 1);
        assertThat(items(predict("{\"url\": \"" + SAFE + "\"}"), "predictions").get(0))
                .containsEntry("model_version", 1);
        assertThat(map(map(ok(get(ML + "/" + MODEL))).get("aliases"))).containsEntry("champion", 1);

        Map<String, Object> rolledBack = ok(post(ML + "/" + MODEL + "/rollback", ""));
        assertThat(rolledBack).containsEntry("champion", 2).containsEntry("previous_champion", 1);
        assertThat(items(predict("{\"url\": \"" + SAFE + "\"}"), "predictions").get(0))
                .containsEntry("model_version", 2);
        assertThat(updraft.modelRegistry().version(MODEL, 2).orElseThrow().status())
                .isEqualTo(ModelVersion.PRODUCTION);
    }

    @Test
    @Order(4)
    void swapsDuringConcurrentPredictionsDropNoRequest() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<Object> versionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    Reply reply = post(ML + "/" + MODEL + "/predict", "{\"url\": \"" + PHISHY + "\"}");
                    if (reply.status() != 200) {
                        failures.add(reply.status() + " " + reply.text());
                    } else {
                        versionsSeen.add(items(reply.json(), "predictions").get(0).get("model_version"));
                        answered.incrementAndGet();
                    }
                }
            }));
        }
        try {
            for (int i = 0; i < 6; i++) {
                Thread.sleep(150);
                assertThat(post(ML + "/" + MODEL + "/promote", "{\"version\": " + (i % 2 == 0 ? 1 : 2) + "}")
                        .status()).isEqualTo(200);
            }
            Thread.sleep(150);
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(answered.get()).isGreaterThan(20);
        assertThat(versionsSeen).containsExactlyInAnyOrder(1, 2);
        assertThat(map(ok(get(ML + "/" + MODEL)).get("aliases"))).containsEntry("champion", 2);
    }

    @Test
    @Order(5)
    void lateLabelsAndAMonitoringRunAreStoredAndServed() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (Map<String, Object> p : items(predict("{\"urls\": [\"" + PHISHY + "\", \"" + SAFE + "\"]}"),
                    "predictions")) {
                ids.add((String) p.get("prediction_id"));
            }
        }
        // true labels arrive later: the phishing URL was phishing, the safe one safe; one id unknown -> none stored
        String unknownToo = "{\"labels\": [{\"prediction_id\": \"" + ids.get(0) + "\", \"label\": 1}, "
                + "{\"prediction_id\": \"no-such-id\", \"label\": 0}]}";
        assertDetail(post(ML + "/" + MODEL + "/feedback", unknownToo), 404, "Model `" + MODEL
                + "` has no predictions with the ids [no-such-id]; no label was stored");
        assertValidationError(post(ML + "/" + MODEL + "/feedback", "{\"labels\": [{\"prediction_id\": \""
                + ids.get(0) + "\", \"label\": 2}]}"), "literal_error", List.of("body", "labels", 0, "label"));
        assertValidationError(post(ML + "/" + MODEL + "/feedback", "{\"labels\": [{\"label\": 1}]}"), "missing",
                List.of("body", "labels", 0, "prediction_id"));
        StringBuilder labels = new StringBuilder("{\"labels\": [");
        for (int i = 0; i < 8; i++) { // 4 pairs labelled, 2 pairs not yet
            labels.append(i == 0 ? "" : ", ").append("{\"prediction_id\": \"").append(ids.get(i))
                    .append("\", \"label\": ").append(i % 2 == 0 ? 1 : 0).append('}');
        }
        assertThat(ok(post(ML + "/" + MODEL + "/feedback", labels + "]}"))).containsEntry("labelled", 8);
        assertThat(items(ok(get(ML + "/" + MODEL + "/predictions?limit=20")), "predictions"))
                .filteredOn(x -> x.get("prediction_id").equals(ids.get(0))).singleElement()
                .satisfies(x -> assertThat(x).containsEntry("true_label", 1));
        Map<String, Object> run = ok(post("/api/v2/dags/ml_rest_monitoring/dagRuns", "{\"logical_date\": null}"));
        assertThat(awaitRun("/api/v2", "ml_rest_monitoring", (String) run.get("dag_run_id")).get("state"))
                .isEqualTo("success");

        Map<String, Object> body = ok(get(ML + "/" + MODEL + "/monitoring"));
        assertThat(body.get("total_entries")).isEqualTo(1);
        Map<String, Object> result = items(body, "monitoring").get(0);
        assertThat(result).containsEntry("model_name", MODEL).containsEntry("dag_id", "ml_rest_monitoring")
                .containsKeys("window_start", "window_end", "computed_at", "run_id");
        // every prediction of this test is in the window and none before it: nothing to compare with yet
        assertThat(result.get("state")).isEqualTo("insufficient_data");
        Map<String, Object> statistics = map(result.get("statistics"));
        assertThat(statistics).containsEntry("judged", false).containsKeys("by_version", "psi", "thresholds");
        Map<String, Object> labelled = map(map(map(statistics.get("labels")).get("current")).get("2"));
        assertThat(labelled).containsEntry("labelled", 8);
        for (String metric : List.of("precision", "recall", "false_positive_rate")) {
            assertThat(map(labelled.get(metric))).containsKeys("ratio", "lower", "upper");
        }
        assertThat(((Number) map(statistics.get("current")).get("n")).intValue()).isGreaterThanOrEqualTo(20);
        assertThat(map(statistics.get("by_version"))).containsKeys("1", "2");
    }

    @Test
    @Order(6)
    void badRequestsNameTheFieldAndUnknownModelsAre404() {
        assertValidationError(post(ML + "/" + MODEL + "/predict", "{}"), "missing", List.of("body", "urls"));
        assertValidationError(post(ML + "/" + MODEL + "/predict", "{\"urls\": []}"), "too_short",
                List.of("body", "urls"));
        assertValidationError(post(ML + "/" + MODEL + "/predict", "{\"urls\": [1]}"), "string_type",
                List.of("body", "urls"));
        assertValidationError(post(ML + "/" + MODEL + "/predict", "{\"url\": \"a\", \"urls\": [\"b\"]}"),
                "value_error", List.of("body", "urls"));
        assertValidationError(post(ML + "/" + MODEL + "/predict", "{\"address\": \"a\"}"), "extra_forbidden",
                List.of("body", "address"));
        assertValidationError(post(ML + "/" + MODEL + "/promote", "{\"version\": \"one\"}"), "int_parsing",
                List.of("body", "version"));
        assertValidationError(post(ML + "/" + MODEL + "/promote", "{}"), "missing", List.of("body", "version"));
        assertValidationError(get(ML + "/" + MODEL + "/versions/abc"), "int_parsing", List.of("path", "version"));
        assertDetail(post(ML + "/" + MODEL + "/promote", "{\"version\": 99}"), 404,
                "Model `" + MODEL + "` has no version 99");
        assertDetail(get(ML + "/" + MODEL + "/versions/99"), 404, "Model `" + MODEL + "` has no version 99");
        assertDetail(get(ML + "/nope"), 404, "The model `nope` was not found");
        assertDetail(post(ML + "/nope/predict", "{\"url\": \"" + SAFE + "\"}"), 404, "The model `nope` was not found");
        assertDetail(get(ML + "/" + MODEL + "/unknown"), 404, "Not Found");
    }

    @Test
    @Order(7)
    void viewersReadAndPredictButOnlyOpsPromote() {
        String token = (String) ((Map<?, ?>) io.updraft.json.Json.read(client.toBlocking().retrieve(
                HttpRequest.POST("/auth/token", "{\"username\": \"ml-viewer\", \"password\": \"viewer-pass\"}")
                        .contentType("application/json")))).get("access_token");
        assertThat(send(HttpRequest.GET(ML).bearerAuth(token)).status()).isEqualTo(200);
        assertThat(send(HttpRequest.POST(ML + "/" + MODEL + "/predict", "{\"url\": \"" + SAFE + "\"}")
                .contentType("application/json").bearerAuth(token)).status()).isEqualTo(200);
        assertDetail(send(HttpRequest.POST(ML + "/" + MODEL + "/promote", "{\"version\": 1}")
                .contentType("application/json").bearerAuth(token)), 403, "Forbidden");
        assertDetail(send(HttpRequest.POST(ML + "/" + MODEL + "/rollback", "").contentType("application/json")
                .bearerAuth(token)), 403, "Forbidden");
        assertDetail(send(HttpRequest.POST(ML + "/" + MODEL + "/feedback", "{\"labels\": []}")
                .contentType("application/json").bearerAuth(token)), 403, "Forbidden");
        assertThat(send(HttpRequest.GET(ML + "/" + MODEL + "/predictions").bearerAuth(token)).status())
                .isEqualTo(200);
        assertThat(send(HttpRequest.GET(ML).header("Authorization", "Bearer not-a-token")).status())
                .isEqualTo(403);
    }
}
