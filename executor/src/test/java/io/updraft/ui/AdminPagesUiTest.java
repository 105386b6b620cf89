package io.updraft.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.app.Updraft;
import io.updraft.rest.RestTestSupport;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Admin pages (Variables, Connections, Pools) in a real Chromium against a real service: an op creates, edits
 * and deletes each through the forms, secrets never reach the page, and a viewer gets no edit control while the
 * server refuses the viewer's writes anyway.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPagesUiTest implements TestPropertyProvider {

    static final String ADMIN_PASSWORD = "admin-pages-pw";
    static final String OPERATOR = "otto";
    static final String OPERATOR_PASSWORD = "otto-pw";
    static final String VIEWER = "vic";
    static final String VIEWER_PASSWORD = "vic-pw";
    static final String SECRET = "pw-s3cret-123";

    static final String DAG = """
            admin_pages_dag:
              default_args: {start_date: 2024-01-01}
              schedule: None
              tasks:
                - task_id: hello
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo hello"
            """;

    @Inject
    EmbeddedServer server;
    @Inject
    Updraft updraft;
    @Inject
    UserStore users;
    @Inject
    PasswordHasher hasher;

    private BrowserSupport browser;

    @Override
    public Map<String, String> getProperties() {
        return RestTestSupport.serviceProperties(RestTestSupport.temporaryFolder("updraft-admin-ui"),
                Map.of("admin_pages_dag.yml", DAG), ADMIN_PASSWORD);
    }

    @BeforeAll
    void start() {
        users.save(new User(OPERATOR, hasher.hash(OPERATOR_PASSWORD), Role.OP));
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
    void anOperatorCreatesEditsAndDeletesVariables() {
        Page page = browser.open(false);
        BrowserSupport.login(page, OPERATOR, OPERATOR_PASSWORD);
        page.locator("a[data-nav=admin]").click();
        assertThat(page.locator("h1")).hasText("Admin");
        assertThat(page.locator("#tab-variables")).hasAttribute("aria-selected", "true");
        assertThat(page.locator(".admin-section .empty")).containsText("No variables yet");

        createVariable(page, "greeting", "hello", "said by tasks");
        createVariable(page, "db_password", SECRET, null);
        Locator rows = page.locator("#variables-table tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(page.locator("tr[data-id=greeting]")).containsText("hello");
        assertThat(page.locator("tr[data-id=db_password] .secret")).hasText("••• hidden");
        assertThat(page.locator("main")).not().containsText(SECRET);

        // an edit that leaves the hidden value as shown keeps it; a new description is saved
        page.locator("tr[data-id=db_password] button.edit").click();
        Locator dialog = page.locator("dialog.modal");
        assertThat(dialog.locator("#variables-field-value")).hasValue("***");
        assertThat(dialog.locator("#variables-field-key")).hasAttribute("readonly", "");
        dialog.locator("#variables-field-description").fill("the warehouse");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);
        assertThat(page.locator("tr[data-id=db_password]")).containsText("the warehouse");
        assertThat(updraft.variables().find("db_password").orElseThrow().value()).isEqualTo(SECRET);

        page.locator("tr[data-id=greeting] button.edit").click();
        dialog.locator("#variables-field-value").fill("bonjour");
        dialog.locator("button[type=submit]").click();
        assertThat(page.locator("tr[data-id=greeting]")).containsText("bonjour");

        // the search filters by key
        page.locator("#variables-search").fill("greet");
        assertThat(rows).hasCount(1);
        page.locator("#variables-search").fill("");
        assertThat(rows).hasCount(2);

        // past 50 a page: the pager pages through them, the search still counts them all
        updraft.variables().putAll(java.util.stream.IntStream.range(0, 55)
                .mapToObj(i -> new io.updraft.config.Variable(String.format("bulk_%02d", i), "v" + i, null)).toList());
        page.reload();
        assertThat(rows).hasCount(50);
        assertThat(page.locator(".pager")).containsText("Page 1 of 2");
        page.locator(".pager button", new Page.LocatorOptions().setHasText("Next")).click();
        assertThat(rows).hasCount(7);
        assertThat(page.locator(".pager")).containsText("Page 2 of 2");
        updraft.variables().deleteAll(java.util.stream.IntStream.range(0, 55)
                .mapToObj(i -> String.format("bulk_%02d", i)).toList());
        page.reload();
        assertThat(rows).hasCount(2);

        page.locator("tr[data-id=greeting] button.delete").click();
        page.locator("dialog.modal").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(rows).hasCount(1);
        assertThat(updraft.variables().find("greeting")).isEmpty();
        BrowserSupport.screenshot(page, "admin-variables-desktop");
        page.context().close();
    }

    private static void createVariable(Page page, String key, String value, String description) {
        page.locator("#variables-add").click();
        Locator dialog = page.locator("dialog.modal");
        dialog.locator("#variables-field-key").fill(key);
        dialog.locator("#variables-field-value").fill(value);
        if (description != null) {
            dialog.locator("#variables-field-description").fill(description);
        }
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);
    }

    @Test
    @Order(2)
    void connectionsShowNoSecretAndAnEditKeepsThePassword() {
        Page page = browser.open(false);
        BrowserSupport.login(page, OPERATOR, OPERATOR_PASSWORD);
        page.navigate("/#/admin/connections");
        page.locator("#connections-add").click();
        Locator dialog = page.locator("dialog.modal");
        dialog.locator("#connections-field-connection_id").fill("weather_api");
        dialog.locator("#connections-field-conn_type").fill("http");
        dialog.locator("#connections-field-host").fill("api.example.com");
        dialog.locator("#connections-field-login").fill("svc");
        dialog.locator("#connections-field-password").fill(SECRET);
        dialog.locator("#connections-field-port").fill("443");
        dialog.locator("#connections-field-extra").fill("{\"api_key\": \"" + SECRET + "\", \"region\": \"eu\"}");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);

        Locator row = page.locator("tr[data-id=weather_api]");
        assertThat(row).containsText("api.example.com");
        assertThat(row.locator(".secret")).hasText("••• hidden");
        assertThat(row).containsText("\"region\":\"eu\"");
        assertThat(page.locator("main")).not().containsText(SECRET);

        // a bad port is refused in the form, naming the field
        row.locator("button.edit").click();
        assertThat(dialog.locator("#connections-field-password")).hasValue("");
        assertThat(page.content()).doesNotContain(SECRET);
        dialog.locator("#connections-field-port").fill("70000");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog.locator(".form-error")).containsText("Port");
        // changing the host only: the password and the hidden extra value stay as stored
        dialog.locator("#connections-field-port").fill("8443");
        dialog.locator("#connections-field-host").fill("api2.example.com");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);
        assertThat(row).containsText("api2.example.com");
        var stored = updraft.connections().find("weather_api").orElseThrow();
        assertThat(stored.password()).isEqualTo(SECRET);
        assertThat(stored.port()).isEqualTo(8443);
        assertThat(stored.extra()).contains(SECRET);
        BrowserSupport.screenshot(page, "admin-connections-desktop");

        row.locator("button.delete").click();
        page.locator("dialog.modal").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(page.locator("tr[data-id=weather_api]")).hasCount(0);
        assertThat(updraft.connections().find("weather_api")).isEmpty();
        page.context().close();
    }

    @Test
    @Order(3)
    void poolsAreCreatedResizedAndDeletedButDefaultPoolStays() {
        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/#/admin/pools");
        assertThat(page.locator("tr[data-id=default_pool]")).isVisible();
        assertThat(page.locator("tr[data-id=default_pool] button.delete")).hasCount(0);

        page.locator("#pools-add").click();
        Locator dialog = page.locator("dialog.modal");
        dialog.locator("#pools-field-name").fill("warehouse");
        dialog.locator("#pools-field-slots").fill("4");
        dialog.locator("#pools-field-description").fill("nightly loads");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);
        Locator row = page.locator("tr[data-id=warehouse]");
        assertThat(row.locator("td").nth(1)).hasText("4");

        row.locator("button.edit").click();
        dialog.locator("#pools-field-slots").fill("-2");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog.locator(".form-error")).containsText("Slots");
        dialog.locator("#pools-field-slots").fill("8");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog).hasCount(0);
        assertThat(row.locator("td").nth(1)).hasText("8");
        assertThat(updraft.pools().find("warehouse").orElseThrow().slots()).isEqualTo(8);
        BrowserSupport.screenshot(page, "admin-pools-desktop");

        // the server's refusal reaches the form: a second pool of the same name
        page.locator("#pools-add").click();
        dialog.locator("#pools-field-name").fill("warehouse");
        dialog.locator("#pools-field-slots").fill("1");
        dialog.locator("button[type=submit]").click();
        assertThat(dialog.locator(".form-error")).containsText("already exists");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();

        row.locator("button.delete").click();
        page.locator("dialog.modal").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(row).hasCount(0);
        assertThat(updraft.pools().find("warehouse")).isEmpty();

        Page phone = browser.open(BrowserSupport.NARROW_WIDTH, BrowserSupport.PHONE_HEIGHT, true, null);
        BrowserSupport.login(phone, "admin", ADMIN_PASSWORD);
        for (String section : new String[] {"variables", "connections", "pools"}) {
            phone.navigate("/#/admin/" + section);
            assertThat(phone.locator("#" + section + "-add")).isVisible();
            BrowserSupport.assertNoHorizontalOverflow(phone);
            BrowserSupport.screenshot(phone, "admin-" + section + "-360");
        }
        phone.context().close();
        page.context().close();
    }

    @Test
    @Order(4)
    void aViewerSeesPoolsWithoutEditControlsAndTheServerRefusesItsWrites() {
        Page page = browser.open(false);
        BrowserSupport.login(page, VIEWER, VIEWER_PASSWORD);
        page.locator("a[data-nav=admin]").click();
        // a viewer may not read variables or connections: the Admin page opens on pools
        assertThat(page.locator("#tab-pools")).hasAttribute("aria-selected", "true");
        assertThat(page.locator("tr[data-id=default_pool]")).isVisible();
        assertThat(page.locator("#pools-add")).hasCount(0);
        assertThat(page.locator("button.edit")).hasCount(0);
        assertThat(page.locator("button.delete")).hasCount(0);
        page.locator("#tab-variables").click();
        assertThat(page.locator(".empty")).containsText("Variables need the op or admin role");
        page.locator("#tab-connections").click();
        assertThat(page.locator(".empty")).containsText("Connections need the op or admin role");
        BrowserSupport.screenshot(page, "admin-viewer");

        // the hidden controls are not the protection: the server answers 403 to the viewer's token
        assertThat(call(page, "POST", "/api/v2/pools", "{\"name\": \"sneaky\", \"slots\": 1}")).isEqualTo(403);
        assertThat(call(page, "PATCH", "/api/v2/pools/default_pool", "{\"slots\": 1000}")).isEqualTo(403);
        assertThat(call(page, "GET", "/api/v2/variables", null)).isEqualTo(403);
        assertThat(call(page, "GET", "/api/v2/connections", null)).isEqualTo(403);
        assertThat(updraft.pools().find("sneaky")).isEmpty();
        page.context().close();
    }

    /** A REST call from the page with its signed-in user's token; the HTTP status. */
    static int call(Page page, String method, String path, String json) {
        Object status = page.evaluate("async ([method, path, body]) => (await fetch(path, { method, body: body ?? undefined,"
                + " headers: { 'Content-Type': 'application/json',"
                + " Authorization: 'Bearer ' + sessionStorage.getItem('updraft.token') } })).status",
                Arrays.asList(method, path, json));
        return ((Number) status).intValue();
    }
}
