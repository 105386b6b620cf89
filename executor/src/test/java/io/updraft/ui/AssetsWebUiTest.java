package io.updraft.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.asset.AssetServiceTest;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Assets page and a DAG's asset schedule in Chromium: the producer's run makes an event that the asset page
 * lists with the run it triggered; the consumer of two assets shows which of them it has an event of; an admin's
 * "Create event" on the other asset starts it. Screenshots at desktop and phone width.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetsWebUiTest implements TestPropertyProvider {

    private static final String PASSWORD = "assets-ui-pw";

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();
    private BrowserSupport browser;
    private String token;

    @Override
    public Map<String, String> getProperties() {
        return RestTestSupport.serviceProperties(RestTestSupport.temporaryFolder("updraft-assets-ui"),
                Map.of("producer.yml", AssetServiceTest.PRODUCER, "consumers.yml", AssetServiceTest.CONSUMERS),
                PASSWORD);
    }

    @BeforeAll
    void start() throws Exception {
        BrowserSupport.requireBrowser();
        token = (String) Json.readObject(send("POST", "/auth/token",
                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).get("access_token");
        browser = new BrowserSupport(server.getURL().toString());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void assetsPageShowsEventsAndAnAdminCreatesOne() throws Exception {
        send("POST", "/api/v2/dags/asset_producer/dagRuns", "{\"logical_date\": null}");
        awaitRun("orders_consumer");

        Page page = browser.open(false);
        BrowserSupport.login(page, "admin", PASSWORD);
        page.locator("nav.mainnav a[data-nav=assets]").click();
        Locator table = page.locator("table.assets-table");
        assertThat(table.locator("tbody tr")).hasCount(4);
        Locator orders = table.locator("tr", new Locator.LocatorOptions().setHasText("s3://bucket/raw/orders"));
        assertThat(orders).containsText("asset_producer.produce");
        assertThat(orders).containsText("both_consumer, orders_consumer");
        BrowserSupport.screenshot(page, "assets-desktop");

        orders.locator("a", new Locator.LocatorOptions().setHasText("orders")).first().click();
        Locator events = page.locator("table.asset-events tbody tr");
        assertThat(events).hasCount(1);
        assertThat(events.first()).containsText("asset_producer.produce in");
        assertThat(events.first().locator("a[href*='orders_consumer/runs/asset_triggered__']")).isVisible();
        assertThat(page.locator("ul.queued-events")).containsText("both_consumer");
        BrowserSupport.screenshot(page, "asset-orders-desktop");

        // the consumer of both assets: the asset schedule in its header, orders marked as having an event
        page.navigate("/#/dags/both_consumer");
        Locator schedule = page.locator(".asset-schedule");
        assertThat(schedule).containsText("orders ✓");
        assertThat(schedule).containsText("https://partner.example/feed");
        assertThat(schedule.locator("a.asset-ref.queued")).hasCount(1);
        BrowserSupport.screenshot(page, "asset-schedule-desktop");

        // an admin records the feed's update: the consumer runs
        schedule.locator("a", new Locator.LocatorOptions().setHasText("https://partner.example/feed")).click();
        page.locator("#create-asset-event").click();
        page.locator("dialog textarea").fill("{\"rows\": 42}");
        page.locator("dialog button.primary").click();
        assertThat(page.locator("table.asset-events tbody tr")).hasCount(1);
        assertThat(page.locator("table.asset-events")).containsText("created through the API");
        awaitRun("both_consumer");

        Page phone = browser.open(true);
        BrowserSupport.login(phone, "admin", PASSWORD);
        phone.navigate("/#/assets");
        assertThat(phone.locator("table.assets-table tbody tr")).hasCount(4);
        BrowserSupport.screenshot(phone, "assets-phone");
    }

    private void awaitRun(String dagId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> runs = (List<Map<String, Object>>) Json.readObject(send("GET",
                    "/api/v2/dags/" + dagId + "/dagRuns", null)).get("dag_runs");
            if (!runs.isEmpty() && "asset_triggered".equals(runs.get(0).get("run_type"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no asset-triggered run of " + dagId + " within 60 s");
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
