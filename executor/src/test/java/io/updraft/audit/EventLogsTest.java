package io.updraft.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes through v2 and v1 over real HTTP land in the audit log with Airflow's event names, the user, the DAG, run
 * and task, masked parameters and the client's address; a viewer reads, filters and pages them on
 * {@code /api/v2/eventLogs} and {@code /api/v1/eventLogs}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventLogsTest extends RestTestSupport {

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Test
    void writesAreRecordedAndAViewerFiltersAndPagesThem() throws InterruptedException {
        Instant before = Instant.now();
        assertThat(post("/api/v2/variables", "{\"key\": \"audited\", \"value\": \"value-not-in-the-log\"}").status())
                .isEqualTo(201);
        String runId = (String) post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null, \"note\": \"hi\"}")
                .json().get("dag_run_id");
        assertThat(patch("/api/v2/dags/rest_ok/dagRuns/" + enc(runId), "{\"note\": \"changed\"}").status())
                .isEqualTo(200);
        // a dry-run clear changes nothing and is not recorded (as in Airflow)
        assertThat(post("/api/v2/dags/rest_ok/dagRuns/" + enc(runId) + "/clear", "{\"dry_run\": true}").status())
                .isEqualTo(200);
        assertThat(post("/api/v1/pools", "{\"name\": \"audited_pool\", \"slots\": 2}").status()).isEqualTo(200);
        users.save(new User("audit-viewer", hasher.hash("viewer-pw"), Role.VIEWER));
        String token = (String) post("/auth/token", "{\"username\": \"audit-viewer\", \"password\": \"viewer-pw\"}")
                .json().get("access_token");
        // refused before it runs: not a write, so not recorded
        assertThat(send(HttpRequest.DELETE("/api/v2/dags/rest_ok/dagRuns/" + enc(runId)).bearerAuth(token))
                .status()).isEqualTo(403);

        Map<String, Object> all = awaitEntries(token, 4);
        List<Map<String, Object>> events = items(all, "event_logs");
        assertThat(events).extracting(e -> e.get("event")).containsExactly("post_variable", "trigger_dag_run",
                "patch_dag_run", "post_pool");
        Map<String, Object> variable = events.get(0);
        assertThat(variable).containsEntry("owner", "admin").containsEntry("dag_id", null);
        Map<String, Object> extra = Json.readObject((String) variable.get("extra"));
        assertThat(extra).containsEntry("key", "audited").containsEntry("value", "***")
                .containsEntry("method", "POST").containsEntry("client_address", "127.0.0.1");
        assertThat((String) variable.get("extra")).doesNotContain("value-not-in-the-log");
        assertThat(events.get(1)).containsEntry("dag_id", "rest_ok").containsEntry("run_id", null);
        assertThat(events.get(2)).containsEntry("dag_id", "rest_ok").containsEntry("run_id", runId);
        assertThat(Instant.parse((String) events.get(0).get("when"))).isAfterOrEqualTo(before.minusSeconds(1));

        assertThat(items(viewer(token, "/api/v2/eventLogs?dag_id=rest_ok"), "event_logs")).hasSize(2);
        assertThat(items(viewer(token, "/api/v2/eventLogs?event_pattern=dag_run&order_by=-id"), "event_logs"))
                .extracting(e -> e.get("event")).containsExactly("patch_dag_run", "trigger_dag_run");
        assertThat(items(viewer(token, "/api/v2/eventLogs?included_events=post_pool,post_variable"), "event_logs"))
                .hasSize(2);
        assertThat(viewer(token, "/api/v2/eventLogs?excluded_events=post_pool").get("total_entries")).isEqualTo(3);
        Map<String, Object> page = viewer(token, "/api/v2/eventLogs?limit=1&offset=1");
        assertThat(page.get("total_entries")).isEqualTo(4);
        assertThat(items(page, "event_logs")).extracting(e -> e.get("event")).containsExactly("trigger_dag_run");
        assertThat(viewer(token, "/api/v2/eventLogs?after=" + enc(Instant.now().plusSeconds(60).toString()))
                .get("total_entries")).isEqualTo(0);
        Object id = events.get(3).get("event_log_id");
        assertThat(viewer(token, "/api/v2/eventLogs/" + id)).containsEntry("event", "post_pool");
        assertThat(send(HttpRequest.GET("/api/v2/eventLogs/999999").bearerAuth(token)).status()).isEqualTo(404);

        Reply v1 = send(HttpRequest.GET("/api/v1/eventLogs?event=post_pool").basicAuth("audit-viewer", "viewer-pw"));
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.list("event_logs")).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("owner", "admin").containsKey("execution_date"));
    }

    private Map<String, Object> viewer(String token, String uri) {
        Reply reply = send(HttpRequest.GET(uri).bearerAuth(token));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    /** The writer stores in the background: polls until the log holds {@code count} entries. */
    private Map<String, Object> awaitEntries(String token, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> page = viewer(token, "/api/v2/eventLogs");
        while (((Number) page.get("total_entries")).intValue() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            page = viewer(token, "/api/v2/eventLogs");
        }
        return page;
    }
}
