package io.updraft.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.rest.RestTestSupport;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Prometheus scrapes a node's figures at {@code GET /metrics}, without credentials, in its text format. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointTest extends RestTestSupport {

    @Test
    void theEngineFiguresCountTheTriesOfARunAndTheHeartbeatIsFresh() throws Exception {
        double startedBefore = value(scrape(), "updraft_tries_started_total");
        Map<String, Object> run = ok(post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null}"));
        assertThat(awaitRun("/api/v2", "rest_ok", (String) run.get("dag_run_id"))).containsEntry("state", "success");

        String text = awaitScrape(startedBefore);

        assertThat(value(text, "updraft_engine_commits_total")).isPositive();
        assertThat(value(text, "updraft_engine_steps_total")).isGreaterThanOrEqualTo(
                value(text, "updraft_engine_commits_total"));
        assertThat(value(text, "updraft_heartbeat_age_seconds")).isBetween(0.0, 30.0);
        assertThat(text).contains("# TYPE updraft_dispatch_latency_seconds histogram")
                .contains("updraft_pool_slots{pool=\"default_pool\"}").contains("jvm_memory_used_bytes");
    }

    /** The figures are refreshed once a second: wait until they show the run's tries. */
    private String awaitScrape(double startedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String text = scrape();
        while (value(text, "updraft_tries_started_total") < startedBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            text = scrape();
        }
        assertThat(value(text, "updraft_tries_started_total")).isGreaterThanOrEqualTo(startedBefore + 2);
        return text;
    }

    private String scrape() {
        HttpResponse<String> reply = client().toBlocking().exchange(HttpRequest.GET("/metrics"), String.class);
        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.getContentType().orElseThrow().toString()).startsWith("text/plain");
        return reply.body();
    }

    private static double value(String text, String name) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([-0-9.eE+]+)$").matcher(text);
        assertThat(line.find()).as(name + " in\n" + text).isTrue();
        return Double.parseDouble(line.group(2));
    }
}
