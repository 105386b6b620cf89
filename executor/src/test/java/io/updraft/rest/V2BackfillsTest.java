package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2BackfillsTest extends RestTestSupport {

    private static final String API = "/api/v2";

    static final String DAILY_DAG = """
            rest_daily:
              schedule: "@daily"
              is_paused_upon_creation: false
              default_args:
                owner: carol
                start_date: 2024-01-01
                end_date: 2024-01-31
              tasks:
                - task_id: only
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo {{ ds }}"
            """;


    @Override
    protected Map<String, String> dagFiles() {
        return Map.of("rest_daily.yml", DAILY_DAG);
    }

    private static final String BODY = """
            {"dag_id": "rest_daily", "from_date": "2024-01-01T00:00:00Z", "to_date": "2024-01-03T00:00:00Z",
             "dag_run_conf": {"source": "backfill"}}""";

    @Test
    void aDryRunListsTheLogicalDatesAndCreatesNothing() {
        Map<String, Object> dry = ok(post(API + "/backfills/dry_run", BODY));

        assertThat(dry.get("total_entries")).isEqualTo(3);
        assertThat(items(dry, "backfills")).extracting(b -> b.get("logical_date")).containsExactly(
                "2024-01-01T00:00:00+00:00", "2024-01-02T00:00:00+00:00", "2024-01-03T00:00:00+00:00");
        assertThat(ok(get(API + "/dags/rest_daily/dagRuns")).get("total_entries")).isEqualTo(0);
    }

    @Test
    void aBackfillCreatesOneRunPerDateAndIsListedUntilComplete() throws Exception {
        Map<String, Object> created = ok(post(API + "/backfills", BODY));
        assertThat(created).containsEntry("dag_id", "rest_daily").containsEntry("reprocess_behavior", "none")
                .containsEntry("max_active_runs", 10).containsEntry("dag_run_conf", Map.of("source", "backfill"));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> backfill = created;
        while (backfill.get("completed_at") == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            backfill = ok(get(API + "/backfills/" + created.get("id")));
        }
        assertThat(backfill.get("completed_at")).isNotNull();
        List<Map<String, Object>> runs = items(ok(get(API + "/dags/rest_daily/dagRuns?run_type=backfill")),
                "dag_runs");
        assertThat(runs).extracting(run -> run.get("dag_run_id")).containsExactlyInAnyOrder(
                "backfill__2024-01-01T00:00:00+00:00", "backfill__2024-01-02T00:00:00+00:00",
                "backfill__2024-01-03T00:00:00+00:00");
        // completed once its runs have finished, as Airflow's scheduler marks it
        assertThat(runs).allSatisfy(run -> assertThat(run).containsEntry("run_type", "backfill")
                .containsEntry("state", "success").containsEntry("conf", Map.of("source", "backfill")));
        assertThat(items(ok(get(API + "/backfills?dag_id=rest_daily")), "backfills"))
                .extracting(b -> b.get("id")).contains(created.get("id"));
    }

    @Test
    void unknownDagsBadBodiesAndUnschedulableDagsAreRefused() {
        assertDetail(post(API + "/backfills", BODY.replace("rest_daily", "nope")), 404, "Could not find dag nope");
        assertThat(post(API + "/backfills", "{\"dag_id\": \"rest_daily\"}").status()).isEqualTo(422);
        assertThat(post(API + "/backfills", BODY.replace("2024-01-03", "2023-01-03")).status()).isEqualTo(400);
        assertThat(post(API + "/backfills", BODY.replace("rest_daily", "rest_ok")).status()).isEqualTo(400);
        assertDetail(get(API + "/backfills/999"), 404, "Backfill with id 999 not found");
    }
}
