package io.updraft.asset;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.rest.RestTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14.4 with the shipped DAGs of {@code dag-specs/}: the monitoring DAG's alert task produces the asset the
 * phishing pipeline is scheduled on, and an event on it (here posted as the alert would emit it) starts a retraining
 * run, whose new champion is itself an asset event.
 */
class MlAlertAssetTest extends RestTestSupport {

    private static final String API = "/api/v2";
    private static final Path DAG_SPECS = Path.of("..", "dag-specs").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        stopOwnService();
    }

    @Test
    void anAlertEventRetrainsAndANewChampionIsAnEvent() throws Exception {
        Map<String, String> properties = new HashMap<>(serviceProperties(dir, Map.of(), ADMIN_PASSWORD));
        properties.put("updraft.dags-folder", DAG_SPECS.toString());
        startOwnService(properties);

        List<Map<String, Object>> assets = items(ok(get(API + "/assets?uri_pattern=ml-model&order_by=name")),
                "assets");
        assertThat(assets).extracting(a -> a.get("name")).containsExactly("phishing_url_champion",
                "phishing_url_monitoring_alert");
        Map<String, Object> alert = assets.get(1);
        assertThat(items(alert, "producing_tasks")).extracting(t -> t.get("dag_id") + "." + t.get("task_id"))
                .containsExactly("phishing_monitoring.alert");
        assertThat(items(alert, "scheduled_dags")).extracting(d -> d.get("dag_id"))
                .containsExactly("phishing_url_pipeline");
        assertThat(items(assets.get(0), "producing_tasks")).extracting(t -> t.get("dag_id") + "." + t.get("task_id"))
                .containsExactly("phishing_url_pipeline.new_champion");
        assertThat(ok(get(API + "/dags/phishing_url_pipeline")).get("timetable_summary")).isEqualTo("Asset");

        ok(patch(API + "/dags/phishing_url_pipeline", "{\"is_paused\": false}"));
        ok(post(API + "/assets/events", "{\"asset_id\": " + alert.get("id") + ", \"extra\": {\"state\": \"alert\"}}"));

        Map<String, Object> run = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (run == null && Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> runs = items(ok(get(API + "/dags/phishing_url_pipeline/dagRuns")), "dag_runs");
            run = runs.isEmpty() ? null : runs.get(0);
            Thread.sleep(50);
        }
        assertThat(run).as("a retraining run").isNotNull().containsEntry("run_type", "asset_triggered");
        assertThat(awaitRun(API, "phishing_url_pipeline", (String) run.get("dag_run_id")))
                .containsEntry("state", "success");

        String runId = (String) run.get("dag_run_id");
        Map<String, Object> events = ok(get(API + "/assets/events?asset_id=" + assets.get(0).get("id")));
        assertThat(items(events, "asset_events")).singleElement().satisfies(event -> assertThat(event)
                .containsEntry("source_dag_id", "phishing_url_pipeline").containsEntry("source_task_id", "new_champion")
                .containsEntry("source_run_id", runId));
    }
}
