package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.updraft.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill stopped by a restart resumes: the service is stopped after the backfill's first run, a new service
 * on the same database and DAGs folder creates the remaining runs, each date exactly once, and completes it.
 */
class BackfillResumeTest extends RestTestSupport {

    private static final String API = "/api/v2";

    /** Unpaused; end_date keeps the scheduler out of it; a retry covers a try the stop killed. */
    static final String DAG = """
            bf_resume:
              schedule: "@daily"
              is_paused_upon_creation: false
              default_args:
                owner: erin
                start_date: 2024-01-01
                end_date: 2024-01-31
                retries: 1
                retry_delay: 0
              tasks:
                - task_id: nap
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "sleep 1; echo {{ ds }}"
            """;

    private static final List<String> RUN_IDS = List.of("backfill__2024-01-02T00:00:00+00:00",
            "backfill__2024-01-03T00:00:00+00:00", "backfill__2024-01-04T00:00:00+00:00",
            "backfill__2024-01-05T00:00:00+00:00");

    @TempDir
    java.nio.file.Path dir;

    private EmbeddedServer server;
    private HttpClient http;

    @Override
    protected HttpClient client() {
        return http;
    }

    @AfterEach
    void stopService() {
        stop();
    }

    @Test
    void aBackfillStoppedByARestartResumesOnH2() throws Exception {
        backfillAcrossARestart(Map.of());
    }

    @Test
    void aBackfillStoppedByARestartResumesOnPostgres() throws Exception {
        try (TestDatabase database = TestDatabase.postgres()) {
            try {
                backfillAcrossARestart(Map.of("updraft.db-url", database.config().dbUrl()));
            } finally {
                stop(); // before the database is dropped
            }
        }
    }

    private void backfillAcrossARestart(Map<String, String> database) throws Exception {
        Map<String, String> properties = new HashMap<>(serviceProperties(dir, Map.of("bf_resume.yml", DAG),
                ADMIN_PASSWORD));
        properties.putAll(database);
        start(properties);
        Map<String, Object> created = ok(post(API + "/backfills", """
                {"dag_id": "bf_resume", "from_date": "2024-01-02T00:00:00Z", "to_date": "2024-01-05T00:00:00Z",
                 "max_active_runs": 1}"""));
        Object id = created.get("id");
        await("the first run succeeds", () -> runs().stream().anyMatch(run -> RUN_IDS.get(0)
                .equals(run.get("dag_run_id")) && "success".equals(run.get("state"))));
        assertThat(runs()).as("one run at a time: the backfill is midway").hasSizeLessThan(4);

        stop();
        start(properties);

        await("the backfill completes", () -> ok(get(API + "/backfills/" + id)).get("completed_at") != null);
        List<Map<String, Object>> runs = runs();
        assertThat(runs).extracting(run -> run.get("dag_run_id")).containsExactlyElementsOf(RUN_IDS);
        assertThat(runs).allSatisfy(run -> assertThat(run).containsEntry("state", "success")
                .containsEntry("run_type", "backfill"));
        Map<String, Object> backfill = ok(get(API + "/backfills/" + id));
        assertThat(backfill).containsEntry("is_paused", false);
        // completed as Airflow's scheduler marks it: once none of its runs is queued or running
        Instant completedAt = Instant.parse((String) backfill.get("completed_at"));
        assertThat(runs).allSatisfy(run -> assertThat(Instant.parse((String) run.get("end_date")))
                .isBeforeOrEqualTo(completedAt));
        assertThat(ok(get(API + "/dags/bf_resume/dagRuns")).get("total_entries")).isEqualTo(4);
    }

    private List<Map<String, Object>> runs() {
        return items(ok(get(API + "/dags/bf_resume/dagRuns?run_type=backfill&order_by=logical_date")),
                "dag_runs");
    }

    private void start(Map<String, String> properties) {
        server = ApplicationContext.run(EmbeddedServer.class, new HashMap<String, Object>(properties));
        http = HttpClient.create(server.getURL());
    }

    private void stop() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (server != null) {
            ApplicationContext context = server.getApplicationContext();
            server.stop();
            if (context.isRunning()) {
                context.close();
            }
            server = null;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
