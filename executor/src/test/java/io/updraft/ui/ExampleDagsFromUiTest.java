package io.updraft.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every example DAG of {@code dag-specs/}, triggered from the UI's dialog with its defaults as a newcomer would: the
 * logical date is prefilled with now, and each DAG (paused at creation) is unpaused by the dialog's "Unpause and
 * trigger". Each run must succeed with no task failed; the ML pipeline runs before its monitoring DAG.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleDagsFromUiTest implements TestPropertyProvider {

    private static final String PASSWORD = "examples-ui-pw";
    private static final Path DAG_SPECS = Path.of("..", "dag-specs").toAbsolutePath().normalize();
    /** The order matters only for the ML pair: monitoring reads the model the pipeline deploys. */
    private static final List<String> EXAMPLES = List.of("example_pipeline", "example_branching",
            "example_task_groups", "example_dynamic_task_mapping", "phishing_url_pipeline", "phishing_monitoring");

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();
    private BrowserSupport browser;
    private String token;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(RestTestSupport.serviceProperties(
                RestTestSupport.temporaryFolder("updraft-examples-ui"), Map.of(), PASSWORD));
        properties.put("updraft.dags-folder", DAG_SPECS.toString());
        return properties;
    }

    @BeforeAll
    void start() throws Exception {
        BrowserSupport.requireBrowser();
        browser = new BrowserSupport(server.getURL().toString());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        token = (String) Json.readObject(response.body()).get("access_token");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyExampleDagSucceedsWhenTriggeredFromTheUiWithItsDefaults() throws Exception {
        try (var files = Files.list(DAG_SPECS)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yml")).count()).isEqualTo(EXAMPLES.size());
        }
        // the examples load cleanly: no import error, no warning
        assertThat(get("/api/v2/importErrors")).containsEntry("total_entries", 0);
        assertThat(get("/api/v2/dagWarnings")).containsEntry("total_entries", 0);
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", PASSWORD);
        for (String dagId : EXAMPLES) {
            page.navigate("/#/dags?name=" + dagId);
            Locator row = page.locator("tr[data-dag-id='" + dagId + "']");
            row.locator("button.trigger").click();
            Locator dialog = page.locator("dialog.modal");
            assertThat(dialog.locator("#trigger-logical-date")).hasValue(Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T"));
            assertThat(dialog.locator("#trigger-unpause")).isChecked();
            assertThat(dialog.locator("button[type=submit]")).hasText("▶ Unpause and trigger");
            if (dagId.equals("example_pipeline")) {
                BrowserSupport.screenshot(page, "trigger-dialog-paused");
            }
            dialog.locator("button[type=submit]").click();
            assertThat(dialog).hasCount(0);
            assertThat(page.locator(".run-info .badge")).hasAttribute("data-state", "success",
                    new LocatorAssertions.HasAttributeOptions().setTimeout(300_000));
            String runId = page.url().replaceAll(".*[?&]run=", "");
            runId = java.net.URLDecoder.decode(runId, java.nio.charset.StandardCharsets.UTF_8);
            assertRunSucceeded(dagId, runId);
            System.out.printf("ExampleDagsFromUiTest: %s run %s succeeded%n", dagId, runId);
        }
        page.context().close();
    }

    @SuppressWarnings("unchecked")
    private void assertRunSucceeded(String dagId, String runId) throws Exception {
        String base = "/api/v2/dags/" + dagId + "/dagRuns/" + java.net.URLEncoder.encode(runId,
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> run = get(base);
        assertThat(run).containsEntry("state", "success").containsEntry("run_type", "manual");
        assertThat(run.get("logical_date")).as("the dialog sent a logical date").isNotNull();
        assertThat(get("/api/v2/dags/" + dagId)).containsEntry("is_paused", false);
        List<Map<String, Object>> instances = (List<Map<String, Object>>) get(base + "/taskInstances?limit=100")
                .get("task_instances");
        assertThat(instances).isNotEmpty().allSatisfy(ti -> assertThat(ti.get("state")).as(dagId + "." + ti
                .get("task_id")).isIn("success", "skipped"));
    }

    private Map<String, Object> get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.readObject(response.body());
    }
}
