package io.updraft.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.rest.RestTestSupport;
import jakarta.inject.Inject;
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
 * Browse (DAG runs and task instances across DAGs, the audit log), the grid's details panel and the time-zone
 * selector in a real Chromium against a real service running real bash tasks; then every page at 360 px wide
 * (nothing sticks out) and at desktop width, each screenshotted to target/ui-screenshots.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowseAndGridUiTest implements TestPropertyProvider {

    static final String ADMIN_PASSWORD = "browse-pw";
    /** The DAG's zone is Paris (the zone its start_date is read in): 12:00 UTC on 2024-03-10 is 13:00 there, 08:00 in New York (already on EDT). */
    static final String OK_DAG = """
            browse_ok:
              schedule: None
              is_paused_upon_creation: false
              default_args: {start_date: 2024-01-01, timezone: Europe/Paris, owner: ops, retries: 0}
              tasks:
                - task_id: say
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo the-log-line; echo pushed-value"
            """;
    static final String FAILING_DAG = """
            browse_fail:
              schedule: None
              is_paused_upon_creation: false
              default_args: {start_date: 2024-01-01, owner: ops, retries: 0}
              tasks:
                - task_id: boom
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo failing on purpose; exit 3"
            """;
    static final String OK_RUN = "manual__2024-03-10T12:00:00+00:00";
    static final String FAILED_RUN = "manual__2024-03-11T12:00:00+00:00";
    static final LocatorAssertions.HasAttributeOptions LONG = new LocatorAssertions.HasAttributeOptions().setTimeout(30_000);

    @Inject
    EmbeddedServer server;

    private BrowserSupport browser;

    @Override
    public Map<String, String> getProperties() {
        return RestTestSupport.serviceProperties(RestTestSupport.temporaryFolder("updraft-browse-ui"),
                Map.of("browse_ok.yml", OK_DAG, "browse_fail.yml", FAILING_DAG), ADMIN_PASSWORD);
    }

    @BeforeAll
    void start() {
        browser = new BrowserSupport(server.getURL().toString());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static void trigger(Page page, String dagId, String logicalDate) {
        assertThat(AdminPagesUiTest.call(page, "POST", "/api/v2/dags/" + dagId + "/dagRuns",
                "{\"logical_date\": \"" + logicalDate + "\"}")).isEqualTo(200);
    }

    @Test
    @Order(1)
    void browseListsRunsAndTaskInstancesOfEveryDagWithFiltersAndLiveStates() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.locator("a[data-nav=browse]").click();
        assertThat(page.locator("h1")).hasText("Browse");
        assertThat(page.locator(".empty")).containsText("No runs");
        page.evaluate("window.__sameDocument = true");

        // runs started while the page is open appear, and their states move, without a reload
        trigger(page, "browse_ok", "2024-03-10T12:00:00Z");
        trigger(page, "browse_fail", "2024-03-11T12:00:00Z");
        Locator rows = page.locator("#browse-runs tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(page.locator("tr[data-run-id='" + OK_RUN + "'] .badge")).hasAttribute("data-state", "success", LONG);
        assertThat(page.locator("tr[data-run-id='" + FAILED_RUN + "'] .badge")).hasAttribute("data-state", "failed", LONG);
        assertThat(rows.first()).hasAttribute("data-dag-id", "browse_fail"); // newest first

        page.locator("#browse-dag").selectOption("browse_fail");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-dag-id", "browse_fail");
        assertThat(page).hasURL(Pattern.compile("dag_id=browse_fail"));
        page.locator("#browse-dag").selectOption("");
        page.locator("#browse-state").selectOption("success");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-dag-id", "browse_ok");
        page.locator("#browse-state").selectOption("");
        page.locator("#browse-logical-date-gte").fill("2024-03-11");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-dag-id", "browse_fail");
        page.locator("#browse-logical-date-gte").fill("");
        assertThat(rows).hasCount(2);
        BrowserSupport.screenshot(page, "browse-runs-desktop");

        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Task instances")).click();
        Locator tis = page.locator("#browse-task-instances tbody tr");
        assertThat(tis).hasCount(2);
        page.locator("#browse-state").selectOption("failed");
        assertThat(tis).hasCount(1);
        assertThat(tis.first()).hasAttribute("data-task-id", "boom");
        page.locator("#browse-state").selectOption("");
        page.locator("#browse-task-display-name-pattern").fill("sa");
        assertThat(tis).hasCount(1);
        assertThat(tis.first()).hasAttribute("data-task-id", "say");
        page.locator("#browse-task-display-name-pattern").fill("");
        // a third run shows up on the open task instance list through the live events
        trigger(page, "browse_ok", "2024-03-12T12:00:00Z");
        assertThat(tis).hasCount(3);
        assertThat(page.locator("tr[data-run-id='manual__2024-03-12T12:00:00+00:00'] .badge"))
                .hasAttribute("data-state", "success", LONG);
        BrowserSupport.screenshot(page, "browse-task-instances-desktop");

        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Audit log")).click();
        assertThat(page.locator("h1")).hasText("Audit log");
        assertThat(page.locator("table.audit-table tbody tr").filter(new Locator.FilterOptions()
                .setHasText("trigger_dag_run")).first()).containsText("browse_ok");
        assertThat(page.locator("a[data-nav=browse]")).hasAttribute("aria-current", "page");
        assertThat(page.evaluate("window.__sameDocument")).isEqualTo(true);
        page.context().close();
    }

    @Test
    @Order(2)
    void aGridCellOpensTheDetailsLogAndXcomBesideTheGrid() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/#/dags/browse_ok/grid");
        Locator cell = page.locator("a.sq[data-task-id=say][data-run-id='" + OK_RUN + "']");
        assertThat(cell).hasAttribute("data-state", "success");
        page.evaluate("window.__sameDocument = true");
        cell.click();

        Locator panel = page.locator(".ti-panel");
        assertThat(panel.locator(".panel-task")).hasText("say");
        assertThat(page.locator("#panel-state")).hasAttribute("data-state", "success");
        assertThat(panel).containsText(OK_RUN);
        assertThat(cell).hasClass(Pattern.compile("selected"));
        assertThat(page).hasURL(Pattern.compile("/grid\\?run=.*&task=say"));
        assertThat(panel.locator(".kv")).containsText("BashOperator");
        BrowserSupport.screenshot(page, "grid-panel-details-desktop");

        panel.locator("button[data-panel-tab=log]").click();
        assertThat(panel.locator("#log")).containsText("the-log-line");
        BrowserSupport.screenshot(page, "grid-panel-log-desktop");
        panel.locator("button[data-panel-tab=xcom]").click();
        assertThat(panel).containsText("return_value");
        assertThat(panel).containsText("pushed-value");
        BrowserSupport.screenshot(page, "grid-panel-xcom-desktop");
        assertThat(page.locator("table.grid")).isVisible(); // still on the grid, same document
        assertThat(page.evaluate("window.__sameDocument")).isEqualTo(true);

        // the address reopens the panel; closing it leaves the grid alone
        page.reload();
        assertThat(page.locator(".ti-panel .panel-task")).hasText("say");
        page.locator("#panel-close").click();
        assertThat(page.locator(".ti-panel")).hasCount(0);
        assertThat(page).hasURL(Pattern.compile("/grid$"));

        // another cell: the failed task's log says why
        page.navigate("/#/dags/browse_fail/grid");
        page.locator("a.sq[data-task-id=boom]").first().click();
        assertThat(page.locator("#panel-state")).hasAttribute("data-state", "failed");
        page.locator("button[data-panel-tab=log]").click();
        assertThat(page.locator(".ti-panel #log")).containsText("failing on purpose");
        page.context().close();
    }

    @Test
    @Order(3)
    void everyDateFollowsTheChosenZoneInOneFormat() {
        Page page = browser.open(BrowserSupport.DESKTOP_WIDTH, BrowserSupport.DESKTOP_HEIGHT, false, "America/New_York");
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/#/browse/runs?dag_id=browse_ok");
        Locator logical = page.locator("tr[data-run-id='" + OK_RUN + "'] td[data-label='Logical date'] time");
        assertThat(page.locator("#timezone")).hasValue("utc");
        assertThat(logical).hasText("2024-03-10 12:00:00");
        page.locator("#timezone").selectOption("local");
        assertThat(logical).hasText("2024-03-10 08:00:00");
        assertThat(logical).hasAttribute("title", Pattern.compile("America/New_York"));
        page.locator("#timezone").selectOption("dag");
        assertThat(logical).hasText("2024-03-10 13:00:00");
        assertThat(logical).hasAttribute("title", Pattern.compile("Europe/Paris"));
        // the choice holds on other pages and after a reload: the run's page in the DAG's zone
        page.navigate("/#/dags/browse_ok/runs/" + OK_RUN.replace("+", "%2B"));
        assertThat(page.locator(".run-panel")).containsText("2024-03-10 13:00:00");
        page.reload();
        assertThat(page.locator("#timezone")).hasValue("dag");
        assertThat(page.locator(".run-panel")).containsText("2024-03-10 13:00:00");
        // the trigger form reads its logical date in the chosen zone: 10:00 in Paris (CEST) is 08:00 UTC
        page.locator("#trigger-button").click();
        Locator dialog = page.locator("dialog.modal");
        assertThat(dialog).containsText("Logical date (Europe/Paris");
        dialog.locator("#trigger-logical-date").fill("2024-05-01T10:00");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);
        // the page shows the new run's graph once its grid is loaded again: wait, so it does not override what follows
        assertThat(page).hasURL(Pattern.compile(".*/graph\\?run=manual__2024-05-01.*"));
        assertThat(AdminPagesUiTest.call(page, "GET",
                "/api/v2/dags/browse_ok/dagRuns/manual__2024-05-01T08:00:00%2B00:00", null)).isEqualTo(200);
        page.navigate("/#/dags/browse_ok/runs/" + OK_RUN.replace("+", "%2B"));
        page.locator("#timezone").selectOption("utc");
        assertThat(page.locator(".run-panel")).containsText("2024-03-10 12:00:00");
        // no page shows another format: no AM/PM, no month names in the dates
        for (Object text : (List<?>) page.evaluate("[...document.querySelectorAll('time')].map(t => t.textContent)")) {
            assertThat((String) text).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}|\\d{2}-\\d{2} \\d{2}:\\d{2}");
        }
        page.context().close();
    }

    @Test
    @Order(4)
    void everyPageFitsA360PxScreenAndIsScreenshottedAtBothWidths() {
        String run = "/#/dags/browse_ok/runs/" + OK_RUN.replace("+", "%2B");
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("dags", "/#/dags");
        pages.put("import-errors", "/#/import-errors");
        pages.put("dag-warnings", "/#/dag-warnings");
        pages.put("browse-runs", "/#/browse/runs");
        pages.put("browse-task-instances", "/#/browse/task-instances");
        pages.put("audit-log", "/#/audit-log");
        pages.put("admin-variables", "/#/admin/variables");
        pages.put("admin-connections", "/#/admin/connections");
        pages.put("admin-pools", "/#/admin/pools");
        pages.put("grid", "/#/dags/browse_ok/grid");
        pages.put("grid-panel", "/#/dags/browse_ok/grid?run=" + OK_RUN.replace("+", "%2B") + "&task=say");
        pages.put("graph", "/#/dags/browse_ok/graph");
        pages.put("source", "/#/dags/browse_ok/source");
        pages.put("details", "/#/dags/browse_ok/details");
        pages.put("run", run);
        pages.put("task-log", run + "/tasks/say");
        pages.put("task-xcom", run + "/tasks/say?tab=xcom");
        pages.put("task-details", run + "/tasks/say?tab=details");
        pages.put("ml-models", "/#/ml/models");
        pages.put("ml-monitoring", "/#/ml/monitoring");
        for (boolean narrow : new boolean[] {true, false}) {
            Page page = narrow
                    ? browser.open(BrowserSupport.NARROW_WIDTH, BrowserSupport.PHONE_HEIGHT, true, null)
                    : browser.open(false);
            BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
            if (AdminPagesUiTest.call(page, "GET", "/api/v2/dags/browse_ok/dagRuns/" + OK_RUN.replace("+", "%2B"), null) == 404) {
                trigger(page, "browse_ok", "2024-03-10T12:00:00Z"); // when this test runs alone
            }
            for (Map.Entry<String, String> entry : pages.entrySet()) {
                page.navigate(entry.getValue());
                page.reload(); // a fresh render of that address, as a user opening a link
                assertThat(page.locator("main h1, main .panel-task").first()).isVisible();
                assertThat(page.locator("main .loading")).hasCount(0);
                if (narrow) {
                    BrowserSupport.assertNoHorizontalOverflow(page);
                }
                BrowserSupport.screenshot(page, "page-" + entry.getKey() + (narrow ? "-360" : "-desktop"));
            }
            page.context().close();
        }
    }
}
