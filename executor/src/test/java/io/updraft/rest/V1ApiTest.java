package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V1ApiTest extends RestTestSupport {

    private static final String API = "/api/v1";


    /** Connexion's problem+json with the given status, title and detail. */
    private static void assertProblem(Reply reply, int status, String title, String detail) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        Map<String, Object> problem = reply.json();
        assertThat(problem).containsKeys("type", "title", "status", "detail").containsEntry("status", status)
                .containsEntry("title", title).containsEntry("detail", detail);
        assertThat(problem.get("type").toString()).contains("#section/Errors/");
    }

    @Test
    void dagsAreListedReadAndPausedInAirflow2Shape() {
        Map<String, Object> list = ok(get(API + "/dags?limit=1"));
        assertThat(list.get("total_entries")).isEqualTo(2);
        Map<String, Object> dag = items(list, "dags").get(0);
        assertThat(dag).containsEntry("dag_id", "rest_fail").containsEntry("is_active", true)
                .containsEntry("is_subdag", false).containsEntry("schedule_interval", null)
                .containsEntry("tags", List.of(Map.of("name", "rest"))).containsKey("next_dagrun");
        assertThat(ok(get(API + "/dags?tags=example")).get("total_entries")).isEqualTo(1);

        assertThat(ok(patch(API + "/dags/rest_ok?update_mask=is_paused", "{\"is_paused\": true}")).get("is_paused"))
                .isEqualTo(true);
        assertThat(ok(get(API + "/dags/rest_ok")).get("is_paused")).isEqualTo(true);
        ok(patch(API + "/dags/rest_ok", "{\"is_paused\": false}")); // other tests trigger it
        assertThat(ok(get(API + "/dags/rest_ok")).get("is_paused")).isEqualTo(false);

        assertProblem(get(API + "/dags/nope"), 404, "DAG not found", "DAG with dag_id: 'nope' not found");
        assertProblem(get(API + "/dags?order_by=nope"), 400, "Bad Request",
                "Ordering with 'nope' is disallowed or the attribute does not exist on the model");
    }

    @Test
    void aRunTriggeredWithExecutionDateRunsAndItsTaskInstancesAndLogsAreRead() throws Exception {
        Map<String, Object> run = ok(post(API + "/dags/rest_ok/dagRuns",
                "{\"execution_date\": \"2022-03-04T05:06:07+00:00\", \"conf\": {\"k\": \"v\"}}"));
        assertThat(run).containsEntry("dag_run_id", "manual__2022-03-04T05:06:07+00:00")
                .containsEntry("execution_date", "2022-03-04T05:06:07+00:00")
                .containsEntry("logical_date", "2022-03-04T05:06:07+00:00")
                .containsEntry("external_trigger", true).containsEntry("run_type", "manual")
                .containsEntry("state", "queued").containsEntry("conf", Map.of("k", "v"))
                .doesNotContainKeys("triggered_by", "run_after");
        String runId = (String) run.get("dag_run_id");
        assertThat(awaitRun(API, "rest_ok", runId).get("state")).isEqualTo("success");

        assertProblem(post(API + "/dags/rest_ok/dagRuns", "{\"execution_date\": \"2022-03-04T05:06:07+00:00\"}"),
                409, "DAGRun already exists", "DAGRun with DAG ID: 'rest_ok' and DAGRun ID: '"
                        + runId + "' already exists");
        assertProblem(post(API + "/dags/rest_ok/dagRuns", "{\"dag_run_id\": \"other\","
                        + " \"logical_date\": \"2022-03-04T05:06:07+00:00\"}"),
                409, "DAGRun already exists",
                "DAGRun with DAG ID: 'rest_ok' and DAGRun logical date: '2022-03-04 05:06:07+00:00' already exists");
        Reply conflict = post(API + "/dags/rest_ok/dagRuns", "{\"execution_date\": \"2022-01-01T00:00:00Z\","
                + " \"logical_date\": \"2022-01-02T00:00:00Z\"}");
        assertThat(conflict.status()).isEqualTo(400);
        assertThat(conflict.json()).containsEntry("title", "logical_date conflicts with execution_date");
        assertProblem(post(API + "/dags/nope/dagRuns", "{}"), 404, "DAG not found",
                "DAG with dag_id: 'nope' not found");

        Map<String, Object> runs = ok(get(API + "/dags/~/dagRuns?execution_date_gte=2022-03-04T00:00:00Z"));
        assertThat(items(runs, "dag_runs")).extracting(r -> r.get("dag_run_id")).contains(runId);
        assertProblem(get(API + "/dags/rest_ok/dagRuns/nope"), 404, "DAGRun not found",
                "DAGRun with DAG ID: 'rest_ok' and DagRun ID: 'nope' not found");

        String tis = API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances";
        Map<String, Object> list = ok(get(tis));
        assertThat(list.get("total_entries")).isEqualTo(2);
        assertThat(items(list, "task_instances").get(0)).containsEntry("execution_date", "2022-03-04T05:06:07+00:00")
                .containsEntry("state", "success").containsKey("sla_miss");
        assertThat(ok(get(API + "/dags/~/dagRuns/~/taskInstances?state=success")).get("total_entries"))
                .isEqualTo(2);
        assertThat(ok(get(tis + "/first"))).containsEntry("task_id", "first").containsEntry("try_number", 1);
        assertProblem(get(tis + "/nope"), 404, "Task instance not found", "Task instance not found");

        Map<String, Object> log = ok(get(tis + "/first/logs/1"));
        assertThat(log.get("content").toString()).contains("hello");
        String token = (String) log.get("continuation_token");
        assertThat(ok(get(tis + "/first/logs/1?token=" + token)).get("content")).isEqualTo("");
        Reply text = send(HttpRequest.GET(tis + "/first/logs/1").accept("text/plain"));
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.text()).contains("hello");
    }

    @Test
    void variablesAndPoolsInAirflow2Shape() {
        assertThat(ok(post(API + "/variables", "{\"key\": \"v1\", \"value\": \"one\"}")))
                .containsEntry("key", "v1").containsEntry("value", "one").containsEntry("description", null).hasSize(3);
        assertThat(ok(get(API + "/variables/v1")).get("value")).isEqualTo("one");
        assertThat(ok(patch(API + "/variables/v1", "{\"key\": \"v1\", \"value\": \"two\"}")).get("value"))
                .isEqualTo("two");
        Map<String, Object> variables = ok(get(API + "/variables"));
        assertThat(variables.get("total_entries")).isEqualTo(1);
        assertThat(items(variables, "variables").get(0)).containsOnlyKeys("key", "value", "description");
        assertThat(delete(API + "/variables/v1").status()).isEqualTo(204);
        assertProblem(get(API + "/variables/v1"), 404, "Variable not found", "Variable does not exist");

        assertThat(ok(post(API + "/pools", "{\"name\": \"p1\", \"slots\": 3}"))).containsEntry("open_slots", 3)
                .doesNotContainKey("team_name");
        assertProblem(post(API + "/pools", "{\"name\": \"p1\", \"slots\": 3}"), 409, "Conflict",
                "Pool: p1 already exists");
        assertThat(ok(patch(API + "/pools/p1?update_mask=slots", "{\"name\": \"p1\", \"slots\": 5}")).get("slots"))
                .isEqualTo(5);
        Map<String, Object> pools = ok(get(API + "/pools"));
        assertThat(pools.get("total_entries")).isEqualTo(2);
        assertThat(items(pools, "pools")).extracting(p -> p.get("name")).containsExactly("default_pool", "p1");
        assertThat(items(pools, "pools").get(1)).containsEntry("slots", 5).doesNotContainKey("team_name");
        assertThat(ok(get(API + "/pools/p1"))).isEqualTo(items(pools, "pools").get(1));
        assertProblem(delete(API + "/pools/default_pool"), 400, "Bad Request", "Default Pool can't be deleted");
        assertThat(delete(API + "/pools/p1").status()).isEqualTo(204);
        assertProblem(get(API + "/pools/p1"), 404, "Not Found", "Pool with name:'p1' not found");
        assertProblem(delete(API + "/pools/p1"), 404, "Not Found", "Pool with name:'p1' not found");
    }

    @Test
    void runsArePatchedNotedClearedAndDeleted() throws Exception {
        String runId = (String) ok(post(API + "/dags/rest_fail/dagRuns", "{\"dag_run_id\": \"v1_run\"}"))
                .get("dag_run_id");
        assertThat(awaitRun(API, "rest_fail", runId).get("state")).isEqualTo("failed");
        String run = API + "/dags/rest_fail/dagRuns/v1_run";

        Map<String, Object> dry = ok(post(run + "/clear", "{}"));
        assertThat(items(dry, "task_instances")).extracting(t -> t.get("task_id")).containsExactlyInAnyOrder("broken",
                "after");
        assertThat(items(dry, "task_instances").get(0)).containsOnlyKeys("task_id", "dag_id", "execution_date",
                "dag_run_id");
        assertThat(ok(get(run + "/taskInstances/broken")).get("try_number")).isEqualTo(1);

        assertThat(ok(patch(run, "{\"state\": \"success\"}")).get("state")).isEqualTo("success");
        assertThat(ok(get(run + "/taskInstances/broken")).get("state")).isEqualTo("success");
        assertProblem(patch(run, "{\"state\": \"running\"}"), 400, "Bad Request",
                "{'state': ['Must be one of: success, failed, queued.']}");
        assertThat(ok(patch(run + "/setNote", "{\"note\": \"fine now\"}")).get("note")).isEqualTo("fine now");

        Map<String, Object> cleared = ok(post(run + "/clear", "{\"dry_run\": false}"));
        assertThat(cleared.get("dag_run_id")).isEqualTo(runId);
        assertThat(awaitRun(API, "rest_fail", runId).get("state")).isEqualTo("failed");
        assertThat(ok(get(run + "/taskInstances/broken")).get("try_number")).isEqualTo(2);

        assertThat(delete(run).status()).isEqualTo(204);
        assertThat(get(run).status()).isEqualTo(404);
    }

    @Test
    void importErrorsAndConnectionsAreRead() {
        Map<String, Object> errors = ok(get(API + "/importErrors"));
        assertThat(errors.get("total_entries")).isEqualTo(1);
        Map<String, Object> error = items(errors, "import_errors").get(0);
        assertThat(error).containsOnlyKeys("import_error_id", "timestamp", "filename", "stack_trace");
        assertThat(ok(get(API + "/importErrors/" + error.get("import_error_id")))).isEqualTo(error);
        assertProblem(get(API + "/importErrors/42"), 404, "Import error not found",
                "The ImportError with import_error_id: `42` was not found");

        assertThat(post("/api/v2/connections", "{\"connection_id\": \"c1\", \"conn_type\": \"http\","
                + " \"password\": \"pw\", \"extra\": \"{}\"}").status()).isEqualTo(201);
        Map<String, Object> connection = ok(get(API + "/connections/c1"));
        assertThat(connection).containsEntry("conn_type", "http").doesNotContainKeys("password", "extra");
        Map<String, Object> connections = ok(get(API + "/connections"));
        assertThat(connections.get("total_entries")).isEqualTo(1);
        assertThat(items(connections, "connections")).containsExactly(connection);
        assertThat(connection).doesNotContainKey("team_name");
        assertProblem(get(API + "/connections/nope"), 404, "Connection not found",
                "The Connection with connection_id: `nope` was not found");
    }

    @Test
    void healthAndVersion() {
        Map<String, Object> health = ok(get(API + "/health"));
        assertThat(health.get("metadatabase")).isEqualTo(Map.of("status", "healthy"));
        assertThat(map(health.get("scheduler"))).containsEntry("status", "healthy");
        assertThat(ok(get(API + "/version"))).containsEntry("version", "2.10.5");
    }
}
