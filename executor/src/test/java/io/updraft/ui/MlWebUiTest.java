package io.updraft.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.app.Updraft;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ML pages in a real Chromium against a registry filled for real: one run of a pipeline DAG on the real
 * phishing data trains XGBoost and logistic regression and registers both through the promotion gate (the second
 * judged against the first as champion); predictions go through POST /predict and the prediction log; two runs
 * of a monitoring DAG judge them. The browser then reads versions, aliases, metrics and lineage, follows the
 * lineage to the run and the DAG version's source, promotes the other version as admin, finds no promote button
 * as viewer, and reads the monitoring chart and states.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlWebUiTest extends RestTestSupport {

    private static final String MODEL = "ui_model";
    private static final String ML = "/api/ml/models/" + MODEL;
    private static final Path DATA = Path.of(System.getProperty("updraft.dag.specs.dir"),
            "data/phishing-urls/phishing-urls.csv").toAbsolutePath();
    /** The monitoring window; the second batch of predictions is made more than a window after the first. */
    private static final int WINDOW_SECONDS = 20;
    private static final String VIEWER = "mona";
    private static final String VIEWER_PASSWORD = "mona-pw";

    @Inject
    EmbeddedServer server;
    @Inject
    Updraft updraft;
    @Inject
    UserStore users;
    @Inject
    PasswordHasher hasher;

    private BrowserSupport browser;
    private long firstBatchAt;
    private int championBefore;
    private int other;

    @Override
    protected Map<String, String> dagFiles() {
        // both models of one run are registered: XGBoost first (champion by the floors), then logistic
        // regression, judged against it by McNemar and the paired AUC bootstrap
        return Map.of("ml_ui.yml", """
                    ml_ui:
                      schedule: None
                      is_paused_upon_creation: false
                      default_args: {start_date: 2024-01-01, retries: 0}
                      tasks:
                        - {task_id: ingest, operator: updraft.ml.IngestUrls, source: "%1$s"}
                        - {task_id: validate_data, operator: updraft.ml.ValidateData, snapshot_task: ingest,
                           dependencies: [ingest]}
                        - {task_id: train_xgboost, operator: updraft.ml.TrainModel, algorithm: xgboost,
                           snapshot_task: ingest, hyperparameters: {trees: 50}, dependencies: [validate_data]}
                        - {task_id: train_logistic_regression, operator: updraft.ml.TrainModel,
                           algorithm: logistic_regression, snapshot_task: ingest, dependencies: [validate_data]}
                        - {task_id: validate_xgboost, operator: updraft.ml.ValidateModel, snapshot_task: ingest,
                           model_tasks: [train_xgboost], model_name: %2$s, bootstrap: 200, min_auc: 0.9,
                           min_accuracy: 0.85, dependencies: [train_xgboost]}
                        - {task_id: deploy_xgboost, operator: updraft.ml.RegisterModel,
                           validation_task: validate_xgboost, model_name: %2$s, dependencies: [validate_xgboost]}
                        - {task_id: validate_logistic_regression, operator: updraft.ml.ValidateModel,
                           snapshot_task: ingest, model_tasks: [train_logistic_regression], model_name: %2$s,
                           bootstrap: 200, min_auc: 0.9, min_accuracy: 0.85,
                           dependencies: [train_logistic_regression, deploy_xgboost]}
                        - {task_id: deploy_logistic_regression, operator: updraft.ml.RegisterModel,
                           validation_task: validate_logistic_regression, model_name: %2$s,
                           dependencies: [validate_logistic_regression]}
                    ml_ui_monitoring:
                      schedule: None
                      is_paused_upon_creation: false
                      default_args: {start_date: 2024-01-01, retries: 0}
                      tasks:
                        - {task_id: monitor, operator: updraft.ml.MonitorPredictions, model_name: %2$s,
                           window: %3$ds, reference_window: 1h, min_predictions: 10}
                    """.formatted(DATA, MODEL, WINDOW_SECONDS));
    }

    @BeforeAll
    void registerTwoVersions() throws Exception {
        BrowserSupport.requireBrowser(); // before the minute of training, not after
        users.save(new User(VIEWER, hasher.hash(VIEWER_PASSWORD), Role.VIEWER));
        browser = new BrowserSupport(server.getURL().toString());
        Map<String, Object> run = ok(post("/api/v2/dags/ml_ui/dagRuns", "{\"logical_date\": null}"));
        assertThat(awaitRun("/api/v2", "ml_ui", (String) run.get("dag_run_id")).get("state")).isEqualTo("success");
        Map<String, Object> model = ok(get(ML));
        assertThat(items(model, "versions")).hasSize(2);
        championBefore = ((Number) map(model.get("aliases")).get("champion")).intValue();
        other = championBefore == 1 ? 2 : 1;
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Real URLs of the data set: {@code count} of each label, or only phishing ones. */
    private static List<String> urls(int count, boolean onlyPhishing) throws IOException {
        List<String> legitimate = new ArrayList<>();
        List<String> phishing = new ArrayList<>();
        for (String line : Files.readAllLines(DATA).subList(1, 2000)) {
            if (line.startsWith("\"")) {
                continue; // quoted URLs need a CSV parser; plenty of plain ones remain
            }
            String[] fields = line.split(",", 3);
            (fields[1].equals("1") ? phishing : legitimate).add(fields[0]);
        }
        List<String> out = new ArrayList<>(phishing.subList(0, onlyPhishing ? 2 * count : count));
        if (!onlyPhishing) {
            out.addAll(legitimate.subList(0, count));
        }
        return out;
    }

    /** Predicts and returns the prediction ids. */
    private List<String> predict(List<String> urls) throws InterruptedException {
        Map<String, Object> body = ok(post(ML + "/predict", Json.write(Map.of("urls", urls))));
        assertThat(items(body, "predictions")).hasSize(urls.size());
        updraft.modelServing().flushLog();
        return items(body, "predictions").stream().map(p -> (String) p.get("prediction_id")).toList();
    }

    private Map<String, Object> monitor() throws InterruptedException {
        Map<String, Object> run = ok(post("/api/v2/dags/ml_ui_monitoring/dagRuns", "{\"logical_date\": null}"));
        assertThat(awaitRun("/api/v2", "ml_ui_monitoring", (String) run.get("dag_run_id")).get("state"))
                .isEqualTo("success");
        return items(ok(get(ML + "/monitoring")), "monitoring").get(0);
    }

    @Test
    @Order(1)
    void registryShowsVersionsAliasesMetricsAndLineage() throws Exception {
        // a first window of predictions by the champion: 20 phishing, 20 legitimate URLs
        predict(urls(20, false));
        firstBatchAt = System.currentTimeMillis();
        // nothing before it to compare with: not judged
        assertThat(monitor().get("state")).isEqualTo("insufficient_data");

        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("ML models")).click();
        Locator card = page.locator("a.model-card[data-model=" + MODEL + "]");
        assertThat(card).containsText("2 versions");
        assertThat(card.locator(".alias-champion")).hasText("♛ champion v" + championBefore);
        assertThat(card.locator("[data-metric=auc] .metric-value")).hasText(Pattern.compile("0\\.9\\d{3}"));
        assertThat(card.locator("[data-metric=auc] .ci")).hasText(Pattern.compile("\\[0\\.9\\d\\d, [01]\\.\\d{3}]"));
        BrowserSupport.screenshot(page, "ml-models-desktop");

        card.click();
        Locator rows = page.locator("table.versions-table tbody tr");
        assertThat(rows).hasCount(2);
        Locator champion = page.locator("tr[data-version='" + championBefore + "']");
        assertThat(champion.locator(".alias-champion")).isVisible();
        assertThat(champion.locator(".version-status")).hasText(Pattern.compile("production"));
        assertThat(champion.locator(".gate")).hasText(Pattern.compile("promote"));
        for (String metric : new String[] {"auc", "accuracy", "f1"}) {
            assertThat(champion.locator("[data-metric=" + metric + "] .metric-value"))
                    .hasText(Pattern.compile("0\\.\\d{4}"));
        }
        assertThat(page.locator("tr[data-version='" + other + "'] .alias-challenger")).isVisible();
        // the champion's details: lineage with the data hash, code version and DAG version
        Map<String, Object> lineage = map(map(ok(get(ML + "/versions/" + championBefore))).get("lineage"));
        Locator detail = page.locator(".version-detail");
        assertThat(detail.locator("h2")).hasText("Version " + championBefore);
        assertThat(detail.locator(".lineage-kv")).containsText((String) lineage.get("data_sha256"));
        assertThat(detail.locator(".lineage-kv")).containsText((String) lineage.get("code_version"));
        assertThat(detail.locator(".gate-box")).containsText("AUC ≥ 0.900");
        assertThat(page.locator("#lineage-dag-version")).hasText("ml_ui v1");
        // the model card: ROC, precision-recall and calibration curves, the threshold and why
        assertThat(detail.locator(".card-threshold")).containsText("Threshold 0.5.");
        assertThat(detail.locator(".card-threshold")).containsText("expected calibration error");
        for (String chart : new String[] {"#card-roc", "#card-pr", "#card-calibration"}) {
            assertThat(page.locator(chart)).isVisible();
        }
        Object rocPoints = page.evaluate("Chart.getChart(document.querySelector('#card-roc')).data.datasets[0].data.length");
        assertThat(((Number) rocPoints).intValue()).isGreaterThan(10);
        BrowserSupport.screenshot(page, "ml-model-desktop");

        // the other version's gate compared it with the champion
        page.locator("tr[data-version='" + other + "'] a.version-link").click();
        assertThat(detail.locator("h2")).hasText("Version " + other);
        assertThat(detail.locator(".gate-box")).containsText("McNemar");
        assertThat(detail.locator(".gate-box")).containsText("champion v" + championBefore);
        String rule = (String) map(map(ok(get(ML + "/versions/" + other))).get("validation")).get("rule");
        assertThat(detail.locator(".gate-rule")).hasAttribute("data-rule", rule);
        assertThat(detail.locator(".gate-policy")).containsText("non-inferiority margin 0.005 AUC");

        // lineage leads to the run that trained it, and to the DAG version's source
        page.locator("#lineage-run-link").click();
        assertThat(page.locator(".run-panel")).containsText((String) lineage.get("run_id"));
        assertThat(page.locator(".run-panel .badge").first()).hasAttribute("data-state", "success");
        page.goBack();
        page.locator("#lineage-dag-version").click();
        assertThat(page.locator("#source-version")).hasValue("1");
        assertThat(page.locator(".source-view")).containsText("updraft.ml.RegisterModel");
        page.context().close();
    }

    @Test
    @Order(2)
    void anAdminPromotesTheOtherVersionAndTheAliasMoves() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/#/ml/models/" + MODEL);
        page.locator("tr[data-version='" + other + "'] button.promote").click();
        Locator dialog = page.locator("dialog.modal");
        assertThat(dialog).containsText("v" + other + " becomes the champion");
        BrowserSupport.screenshot(page, "ml-promote-confirm");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote v" + other)).click();
        assertThat(page.locator(".aliases [data-alias=champion]")).hasText("♛ champion v" + other);
        assertThat(page.locator("tr[data-version='" + other + "'] .alias-champion")).isVisible();
        assertThat(page.locator("tr[data-version='" + championBefore + "'] button.promote")).isVisible();
        assertThat(page.locator("table.alias-history")).containsText("promote: v" + championBefore + " → v" + other);
        assertThat(map(ok(get(ML)).get("aliases"))).containsEntry("champion", other);
        BrowserSupport.screenshot(page, "ml-model-promoted");
        page.context().close();
    }

    @Test
    @Order(3)
    void aViewerSeesTheRegistryButNoPromoteButton() {
        Page page = browser.open(false);
        BrowserSupport.login(page, VIEWER, VIEWER_PASSWORD);
        page.navigate("/#/ml/models/" + MODEL);
        assertThat(page.locator("table.versions-table tbody tr")).hasCount(2);
        assertThat(page.locator(".version-detail h2")).hasText("Version " + other);
        assertThat(page.locator("button.promote")).hasCount(0);
        assertThat(page.locator("#rollback-button")).hasCount(0);
        page.context().close();
    }

    @Test
    @Order(4)
    void monitoringShowsTheRatioPerVersionAndTheAlertState() throws Exception {
        // a window later, the new champion sees only phishing URLs: the ratio jumps against the first window
        long wait = firstBatchAt + WINDOW_SECONDS * 1000L + 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        List<String> ids = predict(urls(20, true));
        // true labels come back for half of them: all phishing, as the URLs are
        List<Map<String, Object>> labels = ids.subList(0, 20).stream()
                .map(id -> Map.<String, Object>of("prediction_id", id, "label", 1)).toList();
        assertThat(ok(post(ML + "/feedback", Json.write(Map.of("labels", labels))))).containsEntry("labelled", 20);
        Map<String, Object> latest = monitor();
        Map<String, Object> statistics = map(latest.get("statistics"));
        assertThat(statistics).containsEntry("judged", true);
        assertThat(map(statistics.get("by_version"))).containsOnlyKeys(String.valueOf(other));
        String state = (String) latest.get("state");
        // 40 of 40 phishing against 20 of 40: alert-level, but a first such window is a warning
        assertThat(statistics).containsEntry("level", "alert").containsEntry("consecutive_alert_windows", 1);
        assertThat(state).isEqualTo("warn");

        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Monitoring")).click();
        assertThat(page.locator("h1")).hasText("Monitoring");
        Locator summary = page.locator(".monitor-latest");
        assertThat(summary).hasAttribute("data-state", state);
        assertThat(summary.locator(".monitor-badge").first()).hasText(Pattern.compile(state));
        assertThat(summary).containsText("PSI of scores");
        assertThat(summary.locator("ul.reasons")).containsText(((List<?>) statistics.get("reasons")).get(0).toString());
        Locator windows = page.locator("table.monitoring-table tbody tr");
        assertThat(windows).hasCount(2);
        assertThat(windows.first()).hasAttribute("data-state", state);
        assertThat(windows.last()).hasAttribute("data-state", "insufficient_data");
        assertThat(windows.last().locator(".monitor-badge")).hasText(Pattern.compile("insufficient data"));
        assertThat(summary).containsText("Cramér");
        assertThat(summary).containsText("alert after 2 windows");
        // quality from the fed-back labels: recall of the labelled phishing URLs, charted per window
        assertThat(page.locator("#labels-chart")).isVisible();
        assertThat(page.locator("table.label-metrics tbody tr[data-where=window]")).containsText("20");
        Object labelLines = page.evaluate("Chart.getChart(document.querySelector('#labels-chart')).data.datasets"
                + ".map(d => d.label).join(',')");
        assertThat(labelLines).isEqualTo("v" + other + " precision,v" + other + " recall,v" + other + " FPR");
        assertThat(page.locator("table.monitoring-table thead")).containsText("v" + championBefore);
        assertThat(page.locator("table.monitoring-table thead")).containsText("v" + other);
        assertThat(page.locator("#monitoring-chart")).isVisible();
        // the chart: one line per model version and one for all of them, one point per window
        Object lines = page.evaluate("Chart.getChart(document.querySelector('#monitoring-chart')).data.datasets"
                + ".map(d => d.label + ':' + d.data.filter(x => x !== null).length).join(' ')");
        assertThat(lines).isEqualTo("v1:1 v2:1 all versions:2");
        BrowserSupport.screenshot(page, "ml-monitoring-desktop");

        // live: a monitoring run finishing redraws the open page (the event stream; it polls only when that is down)
        Locator drawn = page.locator("#monitoring-drawn time");
        String drawnAt = drawn.getAttribute("datetime");
        assertThat(page.locator("#live-status")).hasAttribute("data-connected", "true");
        monitor();
        assertThat(drawn).not().hasAttribute("datetime", drawnAt);
        assertThat(page.locator(".monitor-latest")).isVisible();
        page.context().close();
    }

    @Test
    @Order(5)
    void thePagesWorkAtPhoneWidth() {
        Page page = browser.open(true);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        for (String[] shot : new String[][] {
            {"/#/ml/models", "a.model-card", "ml-models-phone"},
            {"/#/ml/models/" + MODEL, ".version-detail .lineage-kv", "ml-model-phone"},
            {"/#/ml/monitoring/" + MODEL, "#monitoring-chart", "ml-monitoring-phone"}}) {
            page.navigate(shot[0]);
            assertThat(page.locator(shot[1]).first()).isVisible();
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
                    .as("nothing wider than the screen on " + shot[0]).isEqualTo(true);
            BrowserSupport.screenshot(page, shot[2]);
        }
        page.context().close();
    }
}
