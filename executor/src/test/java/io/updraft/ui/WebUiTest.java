package io.updraft.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.rest.RestTestSupport;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web UI in a real Chromium against a real service: real YAML DAG files in a temporary folder, the embedded
 * store, the engine running bash tasks. Each flow is what a user does with mouse and keyboard; screenshots at
 * desktop and phone width are written to target/ui-screenshots.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest implements TestPropertyProvider {

    static final String ADMIN_PASSWORD = "ui-admin-pw";
    static final String VIEWER = "vera";
    static final String VIEWER_PASSWORD = "vera-pw";

    /** Extract, a task group of two transforms, load: each bash task takes a moment, so states are seen moving. */
    static final String PIPELINE = """
            ui_pipeline:
              description: "extract, transform in a group, load"
              schedule: None
              is_paused_upon_creation: false
              default_args:
                owner: data-team
                start_date: 2024-01-01
                retries: 0
              tags: [ui, etl]
              params:
                rows: 3
                greeting: hello
              task_groups:
                - group_name: transform
                  tooltip: "cleaning and enriching"
                  dependencies: [extract]
              tasks:
                - task_id: extract
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo 'extracting {{ params.rows }} rows, {{ params.greeting }}'; sleep 1.5"
                - task_id: clean
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo cleaning; sleep 0.5"
                  task_group_name: transform
                - task_id: enrich
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo enriching"
                  task_group_name: transform
                  dependencies: [clean]
                - task_id: load
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo loaded"
                  dependencies: [transform]
            """;

    static final String NIGHTLY = """
            ui_nightly:
              description: "weekday report"
              schedule: "30 2 * * 1-5"
              default_args:
                owner: reports
                start_date: 2024-01-01
              tags: [reports]
              tasks:
                - task_id: report
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo report"
            """;

    static final String BROKEN = """
            ui_broken:
              default_args:
                start_date: 2024-01-01
              tasks:
                - task_id: a
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: echo a
                  dependencies: [missing_task]
            """;

    @Inject
    EmbeddedServer server;
    @Inject
    UserStore users;
    @Inject
    PasswordHasher hasher;

    private Path root;
    private BrowserSupport browser;

    @Override
    public Map<String, String> getProperties() {
        root = RestTestSupport.temporaryFolder("updraft-ui");
        return RestTestSupport.serviceProperties(root, Map.of("ui_pipeline.yml", PIPELINE,
                "ui_nightly.yml", NIGHTLY, "ui_broken.yml", BROKEN), ADMIN_PASSWORD);
    }

    @BeforeAll
    void start() {
        users.save(new User(VIEWER, hasher.hash(VIEWER_PASSWORD), Role.VIEWER));
        browser = new BrowserSupport(server.getURL().toString());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void dagListShowsSchedulesFiltersAndTheImportErrorsBanner() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);

        Locator rows = page.locator("table.dags-table tbody tr");
        assertThat(rows).hasCount(2);
        Locator nightly = page.locator("tr[data-dag-id=ui_nightly]");
        assertThat(nightly.locator("td.schedule")).containsText("at 02:30 every day between Monday and Friday");
        assertThat(nightly.locator(".switch")).hasAttribute("aria-checked", "false"); // paused upon creation
        assertThat(page.locator("tr[data-dag-id=ui_pipeline] .chip.owner")).hasText("owner data-team");

        // filters: by name, by tag
        page.locator("#dag-search").fill("night");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-dag-id", "ui_nightly");
        page.locator("#dag-search").fill("");
        page.locator("#filter-tag").selectOption("etl");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-dag-id", "ui_pipeline");
        page.locator("#filter-tag").selectOption("");
        assertThat(rows).hasCount(2);
        BrowserSupport.screenshot(page, "dag-list-desktop");

        // the banner leads to each broken file with its message
        Locator banner = page.locator(".banner.warn");
        assertThat(banner).containsText("1 DAG file failed to load");
        banner.getByRole(AriaRole.LINK).click();
        assertThat(page.locator("h1")).hasText("Import errors");
        Locator error = page.locator("li.import-error");
        assertThat(error).hasCount(1);
        assertThat(error.locator(".filename")).containsText("ui_broken.yml");
        assertThat(error.locator("pre.stack")).containsText("missing_task");
        BrowserSupport.screenshot(page, "import-errors");
        page.context().close();
    }

    @Test
    @Order(2)
    void pauseToggleAndFilterByPaused() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        Locator nightlySwitch = page.locator("tr[data-dag-id=ui_nightly] .switch");
        nightlySwitch.click();
        assertThat(nightlySwitch).hasAttribute("aria-checked", "true");
        page.locator("#filter-paused").selectOption("true");
        assertThat(page.locator("table.dags-table tbody tr")).hasCount(0);
        page.locator("#filter-paused").selectOption("false");
        assertThat(page.locator("table.dags-table tbody tr")).hasCount(2);
        page.locator("tr[data-dag-id=ui_nightly] .switch").click(); // paused again, as created
        assertThat(page.locator("tr[data-dag-id=ui_nightly]")).hasCount(0);
        page.context().close();
    }

    @Test
    @Order(3)
    void triggerFromTheFormAndWatchTheGraphTurnGreenWithoutReloading() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.locator("a.dag-name", new Page.LocatorOptions().setHasText("ui_pipeline")).click();
        assertThat(page.locator(".dag-head h1")).hasText("ui_pipeline");
        assertThat(page.locator("table.grid")).isVisible();
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Graph")).click();
        assertThat(page.locator("svg.graph g.node[data-task-id=extract]")).isVisible();
        page.evaluate("window.__sameDocument = true");

        page.locator("#trigger-button").click();
        Locator dialog = page.locator("dialog.modal");
        assertThat(dialog.locator("#param-rows")).hasValue("3");
        dialog.locator("#param-rows").fill("7");
        dialog.locator("summary", new Locator.LocatorOptions().setHasText("Run conf")).click();
        assertThat(dialog.locator("#trigger-conf")).hasValue(java.util.regex.Pattern.compile("\"rows\": 7"));
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);

        // the run shows up and moves: extract runs (it sleeps), then every node is success
        Locator extract = page.locator("svg.graph g.node[data-task-id=extract]");
        assertThat(extract).hasAttribute("data-state", "running");
        BrowserSupport.screenshot(page, "graph-running");
        for (String task : new String[] {"extract", "transform.clean", "transform.enrich", "load"}) {
            assertThat(page.locator("svg.graph g.node[data-task-id='" + task + "']"))
                    .hasAttribute("data-state", "success", new com.microsoft.playwright.assertions.LocatorAssertions
                            .HasAttributeOptions().setTimeout(30_000));
        }
        assertThat(page.locator(".run-info .badge")).hasAttribute("data-state", "success");
        assertThat(page.evaluate("window.__sameDocument")).isEqualTo(true); // no reload happened
        BrowserSupport.screenshot(page, "graph-success-desktop");

        // the grid shows the same run, group collapsible
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Grid")).click();
        Locator groupToggle = page.locator("button[data-group-toggle=transform]");
        assertThat(page.locator("tr[data-row-id='transform.clean']")).hasCount(1);
        groupToggle.click();
        assertThat(page.locator("tr[data-row-id='transform.clean']")).hasCount(0);
        assertThat(page.locator("tr[data-row-id=transform] .sq")).hasAttribute("data-state", "success");
        page.locator("button[data-group-toggle=transform]").click();
        assertThat(page.locator("tr[data-row-id='transform.clean']")).hasCount(1);
        BrowserSupport.screenshot(page, "grid-desktop");

        // run details: conf and duration
        page.locator("a.run-bar").last().click();
        assertThat(page.locator(".run-panel")).containsText("\"rows\": 7");
        assertThat(page.locator(".run-panel .kv")).containsText("manual");
        BrowserSupport.screenshot(page, "run-details");
        page.context().close();
    }

    @Test
    @Order(4)
    void openTheTaskLogThenClearTheTaskAndSeeItRunAgain() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/#/dags/ui_pipeline/graph");
        Locator extract = page.locator("svg.graph g.node[data-task-id=extract]");
        assertThat(extract).hasAttribute("data-state", "success");
        extract.click();

        assertThat(page.locator(".ti-page h1")).hasText("extract");
        assertThat(page.locator("#log")).containsText("extracting 7 rows, hello");
        assertThat(page.locator("#ti-state")).hasAttribute("data-state", "success");
        BrowserSupport.screenshot(page, "task-log");

        page.locator("#clear-task").click();
        Locator dialog = page.locator("dialog.modal");
        assertThat(dialog.locator(".preview")).containsText("4 task instances will be cleared");
        dialog.locator("#clear-include_downstream").uncheck();
        assertThat(dialog.locator(".preview")).containsText("1 task instance will be cleared");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Clear").setExact(true)).click();
        assertThat(dialog).hasCount(0);

        // the same page follows the new try: running, then success, with the second try's log
        assertThat(page.locator("#log-try option").first()).hasText("Try 2 (latest)");
        assertThat(page.locator("#ti-state")).hasAttribute("data-state", "success",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(page.locator("#log")).containsText("extracting 7 rows");

        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Rendered fields")).click();
        assertThat(page.locator("main")).containsText("echo 'extracting 7 rows, hello'; sleep 1.5");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Durations")).click();
        assertThat(page.locator("#duration-chart")).isVisible();
        BrowserSupport.screenshot(page, "task-durations");
        page.context().close();
    }

    @Test
    @Order(5)
    void aViewerSeesNoButtonThatWouldFail() {
        Page page = browser.open(false);
        BrowserSupport.login(page, VIEWER, VIEWER_PASSWORD);
        assertThat(page.locator("tr[data-dag-id=ui_pipeline]")).isVisible();
        assertThat(page.locator("button.trigger")).hasCount(0);
        assertThat(page.locator("tr[data-dag-id=ui_pipeline] .switch")).isDisabled();
        assertThat(page.locator(".session .role")).hasText("viewer");

        page.locator("a.dag-name", new Page.LocatorOptions().setHasText("ui_pipeline")).click();
        assertThat(page.locator("table.grid")).isVisible();
        assertThat(page.locator("#trigger-button")).hasCount(0);
        assertThat(page.getByText("Trigger")).hasCount(0);
        BrowserSupport.screenshot(page, "viewer-dag");

        page.navigate("/#/dags/ui_pipeline/graph");
        page.locator("svg.graph g.node[data-task-id=load]").click();
        assertThat(page.locator(".ti-page h1")).hasText("load");
        assertThat(page.locator("#clear-task")).hasCount(0);
        assertThat(page.getByText("Mark success")).hasCount(0);
        page.context().close();
    }

    @Test
    @Order(6)
    void sourceVersionsAndTheirDiff() throws IOException, InterruptedException {
        Files.writeString(root.resolve("dags").resolve("ui_nightly.yml"),
                NIGHTLY.replace("echo report", "echo report for {{ ds }}"));
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/#/dags/ui_nightly/source");
        // the folder watch stores the new version within about a second; the page shows the versions it finds
        for (int i = 0; i < 40 && page.locator("#source-version option").count() < 2; i++) {
            Thread.sleep(250);
            page.reload();
            page.locator("#source-version").waitFor();
        }
        assertThat(page.locator("#source-version option")).hasCount(2);
        assertThat(page.locator(".source-view")).containsText("echo report for {{ ds }}");
        page.locator("#source-compare").selectOption("1");
        assertThat(page.locator(".diff-summary")).containsText("v1 → v2");
        assertThat(page.locator(".diff .line.added")).containsText("echo report for {{ ds }}");
        assertThat(page.locator(".diff .line.removed")).containsText("echo report");
        BrowserSupport.screenshot(page, "source-diff");
        page.context().close();
    }

    @Test
    @Order(7)
    void mlPagesAreInTheNavigationAndSayWhenThereIsNoRegistry() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("ML models")).click();
        assertThat(page.locator("h1")).hasText("ML models");
        assertThat(page.locator(".empty")).isVisible();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Monitoring")).click();
        assertThat(page.locator("h1")).hasText("Monitoring");
        assertThat(page.locator(".empty")).isVisible();
        page.context().close();
    }

    @Test
    @Order(8)
    void phoneWidthKeepsEveryPageUsable() {
        Page page = browser.open(true);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        assertThat(page.locator("tr[data-dag-id=ui_pipeline] a.dag-name")).isVisible();
        assertThat(page.locator("tr[data-dag-id=ui_pipeline] button.trigger")).isVisible();
        // nothing wider than the screen but the scrollable grid and graph
        Object overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1");
        assertThat(overflow).isEqualTo(true);
        BrowserSupport.screenshot(page, "dag-list-phone");
        page.locator("tr[data-dag-id=ui_pipeline] a.dag-name").click();
        assertThat(page.locator("table.grid")).isVisible();
        BrowserSupport.screenshot(page, "grid-phone");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Graph")).click();
        assertThat(page.locator("svg.graph g.node[data-task-id=load]")).hasAttribute("data-state", "success");
        BrowserSupport.screenshot(page, "graph-phone");
        page.context().close();
    }

    @Test
    @Order(9)
    void keyboardAloneReachesADagAndItsGraph() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.locator("#dag-search").focus();
        page.keyboard().type("pipeline");
        assertThat(page.locator("table.dags-table tbody tr")).hasCount(1);
        page.locator("tr[data-dag-id=ui_pipeline] a.dag-name").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator(".dag-head h1")).hasText("ui_pipeline");
        page.locator("#tab-grid").focus();
        page.keyboard().press("ArrowRight");
        page.keyboard().press("Enter");
        assertThat(page.locator("svg.graph")).isVisible();
        page.locator("svg.graph g.node[data-task-id=load]").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator(".ti-page h1")).hasText("load");
        page.context().close();
    }

    @Test
    @Order(10)
    void theAuditLogListsTheChangesMadeInTheUiAndFiltersThem() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.locator("a[data-nav=browse]").click();
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Audit log")).click();
        Locator rows = page.locator("table.audit-table tbody tr");
        // the earlier tests paused, unpaused and triggered from the browser: each is a row, by admin, from here
        assertThat(rows.filter(new Locator.FilterOptions().setHasText("patch_dag")).first()).containsText("admin");
        assertThat(rows.filter(new Locator.FilterOptions().setHasText("trigger_dag_run")).first())
                .containsText(java.util.regex.Pattern.compile("127\\.0\\.0\\.1|0:0:0:0:0:0:0:1"));
        page.locator("#audit-event").fill("trigger");
        assertThat(rows.filter(new Locator.FilterOptions().setHasText("patch_dag"))).hasCount(0);
        assertThat(rows.first()).containsText("trigger_dag_run");
        BrowserSupport.screenshot(page, "audit-log");
        page.context().close();
    }
}
