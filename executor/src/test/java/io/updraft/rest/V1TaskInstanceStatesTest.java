package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Airflow 2's POST /dags/{dag_id}/updateTaskInstancesState and PATCH of a task instance, over real HTTP. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V1TaskInstanceStatesTest extends RestTestSupport {

    private static final String API = "/api/v1";

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    private String finishedRun(String dagId, String executionDate) throws InterruptedException {
        Map<String, Object> run = ok(post(API + "/dags/" + dagId + "/dagRuns",
                "{\"execution_date\": \"" + executionDate + "\"}"));
        String runId = (String) run.get("dag_run_id");
        awaitRun(API, dagId, runId);
        return runId;
    }

    private Object state(String dagId, String runId, String taskId) {
        return ok(get(API + "/dags/" + dagId + "/dagRuns/" + enc(runId) + "/taskInstances/" + taskId)).get("state");
    }

    private static Map<String, Object> reference(String dagId, String taskId, String runId, String executionDate) {
        return Map.of("task_id", taskId, "dag_id", dagId, "dag_run_id", runId, "execution_date", executionDate);
    }

    private static void assertProblem(Reply reply, int status, String detail) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json()).containsEntry("status", status).containsEntry("detail", detail);
    }

    @Test
    void aFailedTaskIsMarkedSuccessWithItsDownstreamAfterADryRun() throws Exception {
        String date = "2023-01-01T00:00:00+00:00";
        String runId = finishedRun("rest_fail", date);
        assertThat(state("rest_fail", runId, "broken")).isEqualTo("failed");
        String body = "{\"execution_date\": \"" + date + "\", \"task_id\": \"broken\", \"include_downstream\": true,"
                + " \"new_state\": \"success\"";

        Map<String, Object> dry = ok(post(API + "/dags/rest_fail/updateTaskInstancesState", body + "}"));

        assertThat(items(dry, "task_instances")).containsExactlyInAnyOrder(
                reference("rest_fail", "broken", runId, date), reference("rest_fail", "after", runId, date));
        assertThat(state("rest_fail", runId, "broken")).isEqualTo("failed"); // dry_run defaults to true

        Map<String, Object> done = ok(post(API + "/dags/rest_fail/updateTaskInstancesState",
                body + ", \"dry_run\": false}"));

        assertThat(items(done, "task_instances")).hasSize(2);
        assertThat(state("rest_fail", runId, "broken")).isEqualTo("success");
        // the upstream-failed downstream task was cleared by the engine and now runs, so the run succeeds
        assertThat(awaitRun(API, "rest_fail", runId)).containsEntry("state", "success");
        assertThat(state("rest_fail", runId, "after")).isEqualTo("success");
    }

    @Test
    void includePastReachesEarlierRunsOnly() throws Exception {
        // the earliest runs of the DAG in this class, so "past" is only what this test made
        String first = finishedRun("rest_ok", "2020-02-01T00:00:00+00:00");
        String second = finishedRun("rest_ok", "2020-02-02T00:00:00+00:00");
        String third = finishedRun("rest_ok", "2020-02-03T00:00:00+00:00");

        Map<String, Object> done = ok(post(API + "/dags/rest_ok/updateTaskInstancesState", """
                {"dag_run_id": "%s", "task_id": "second", "include_past": true, "new_state": "failed",
                 "dry_run": false}""".formatted(second)));

        assertThat(items(done, "task_instances")).containsExactlyInAnyOrder(
                reference("rest_ok", "second", first, "2020-02-01T00:00:00+00:00"),
                reference("rest_ok", "second", second, "2020-02-02T00:00:00+00:00"));
        assertThat(state("rest_ok", first, "second")).isEqualTo("failed");
        assertThat(state("rest_ok", second, "second")).isEqualTo("failed");
        assertThat(state("rest_ok", second, "first")).isEqualTo("success");
        assertThat(state("rest_ok", third, "second")).isEqualTo("success");
    }

    @Test
    void oneTaskInstanceIsPatchedAfterADryRun() throws Exception {
        String runId = finishedRun("rest_ok", "2023-03-01T00:00:00+00:00");
        String path = API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/second";

        assertThat(ok(patch(path, "{\"new_state\": \"skipped\"}")))
                .isEqualTo(reference("rest_ok", "second", runId, "2023-03-01T00:00:00+00:00"));
        assertThat(state("rest_ok", runId, "second")).isEqualTo("success");

        assertThat(ok(patch(path, "{\"new_state\": \"skipped\", \"dry_run\": false}")))
                .containsEntry("task_id", "second");
        assertThat(state("rest_ok", runId, "second")).isEqualTo("skipped");

        assertProblem(patch(path, "{\"new_state\": \"running\"}"), 400,
                "{'new_state': ['Must be one of: success, failed, skipped.']}");
        assertProblem(patch(path, "{}"), 400, "{'new_state': ['Missing data for required field.']}");
        assertProblem(patch(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/nope",
                "{\"new_state\": \"failed\"}"), 404, "Task 'nope' not found in DAG 'rest_ok'");
        assertProblem(patch(API + "/dags/rest_ok/dagRuns/nope/taskInstances/second", "{\"new_state\": \"failed\"}"),
                404, "Task instance not found for task 'second' on DAG run with ID 'nope'");
    }

    @Test
    void badRequestsUnknownThingsAndRoles() throws Exception {
        String runId = finishedRun("rest_ok", "2023-04-01T00:00:00+00:00");
        String url = API + "/dags/rest_ok/updateTaskInstancesState";

        assertProblem(post(url, "{\"dag_run_id\": \"" + runId + "\", \"execution_date\": \"2023-04-01T00:00:00Z\","
                + " \"task_id\": \"first\", \"new_state\": \"failed\"}"), 400,
                "{'_schema': ['Exactly one of execution_date or dag_run_id must be provided']}");
        assertProblem(post(url, "{\"dag_run_id\": \"" + runId + "\", \"new_state\": \"failed\"}"), 400,
                "{'task_id': ['Missing data for required field.']}");
        assertProblem(post(url, "{\"dag_run_id\": \"" + runId + "\", \"task_id\": \"nope\", \"new_state\": \"failed\"}"),
                404, "Task ID nope not found");
        assertProblem(post(url, "{\"execution_date\": \"2001-01-01T00:00:00Z\", \"task_id\": \"first\","
                + " \"new_state\": \"failed\"}"), 404,
                "Task instance not found for task 'first' on execution_date 2001-01-01T00:00:00+00:00");
        assertProblem(post(API + "/dags/nope/updateTaskInstancesState", "{\"dag_run_id\": \"r\", \"task_id\": \"t\","
                + " \"new_state\": \"failed\"}"), 404, "Dag ID nope not found");

        users.save(new User("v1-viewer", hasher.hash("pw"), Role.VIEWER));
        users.save(new User("v1-user", hasher.hash("pw"), Role.USER));
        String body = "{\"dag_run_id\": \"" + runId + "\", \"task_id\": \"first\", \"new_state\": \"failed\"}";
        assertThat(send(HttpRequest.POST(url, body).contentType("application/json").basicAuth("v1-viewer", "pw"))
                .status()).isEqualTo(403);
        Reply asUser = send(HttpRequest.POST(url, body).contentType("application/json").basicAuth("v1-user", "pw"));
        assertThat(asUser.status()).as(asUser.text()).isEqualTo(200);
        assertThat(items(asUser.json(), "task_instances")).hasSize(1);
        assertThat(state("rest_ok", runId, "first")).isEqualTo("success");
    }
}
