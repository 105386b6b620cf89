package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.app.Updraft;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2DagsAndRunsTest extends RestTestSupport {

    private static final String API = "/api/v2";

    @Inject
    Updraft updraft;

    @Test
    void dagsAreListedWithFiltersAndPagination() {
        Map<String, Object> all = ok(get(API + "/dags"));
        assertThat(all.get("total_entries")).isEqualTo(2);
        List<Map<String, Object>> dags = get(API + "/dags").list("dags");
        assertThat(dags).extracting(d -> d.get("dag_id")).containsExactly("rest_fail", "rest_ok");
        Map<String, Object> dag = dags.get(1);
        assertThat(dag).containsEntry("is_paused", false).containsEntry("is_stale", false)
                .containsEntry("owners", List.of("alice")).containsEntry("description", "two bash tasks")
                .containsEntry("relative_fileloc", "rest_ok.yml").containsKey("next_dagrun_run_after");
        assertThat(dag.get("tags")).isEqualTo(List.of(
                Map.of("name", "rest", "dag_id", "rest_ok", "dag_display_name", "rest_ok"),
                Map.of("name", "example", "dag_id", "rest_ok", "dag_display_name", "rest_ok")));

        assertThat(get(API + "/dags?tags=example").list("dags")).extracting(d -> d.get("dag_id"))
                .containsExactly("rest_ok");
        assertThat(get(API + "/dags?dag_id_pattern=fa%25").list("dags")).extracting(d -> d.get("dag_id"))
                .containsExactly("rest_fail");
        Map<String, Object> page = ok(get(API + "/dags?limit=1&offset=1&order_by=-dag_id"));
        assertThat(page.get("total_entries")).isEqualTo(2);
        assertThat(items(page, "dags")).extracting(d -> d.get("dag_id"))
                .containsExactly("rest_fail");
        assertThat(get(API + "/dags?paused=true").json().get("total_entries")).isEqualTo(0);

        assertDetail(get(API + "/dags?order_by=nope"), 400,
                "Ordering with 'nope' is disallowed or the attribute does not exist on the model");
        assertValidationError(get(API + "/dags?limit=x"), "int_parsing", List.of("query", "limit"));
    }

    @Test
    void getDetailsTasksSourceAndVersionsOfADag() {
        assertThat(ok(get(API + "/dags/rest_ok")).get("dag_id")).isEqualTo("rest_ok");
        assertDetail(get(API + "/dags/nope"), 404, "The Dag with ID: `nope` was not found");

        Map<String, Object> details = ok(get(API + "/dags/rest_ok/details"));
        assertThat(details).containsEntry("catchup", false).containsEntry("timezone", "UTC")
                .containsEntry("start_date", "2019-01-01T00:00:00+00:00");
        assertThat(map(details.get("latest_dag_version"))).containsEntry("version_number", 1);

        Map<String, Object> tasks = ok(get(API + "/dags/rest_ok/tasks"));
        assertThat(tasks.get("total_entries")).isEqualTo(2);
        assertThat(get(API + "/dags/rest_ok/tasks").list("tasks").get(0))
                .containsEntry("task_id", "first").containsEntry("downstream_task_ids", List.of("second"))
                .containsEntry("operator_name", "BashOperator");
        assertThat(ok(get(API + "/dags/rest_ok/tasks/second")).get("trigger_rule")).isEqualTo("all_success");

        Map<String, Object> source = ok(get(API + "/dagSources/rest_ok"));
        assertThat(source.get("content")).isEqualTo(OK_DAG);
        assertThat(source).containsEntry("version_number", 1);

        assertThat(ok(get(API + "/dags/rest_ok/dagVersions")).get("total_entries")).isEqualTo(1);
        assertThat(ok(get(API + "/dags/rest_ok/dagVersions/1"))).containsEntry("dag_id", "rest_ok")
                .containsEntry("version_number", 1);
        assertThat(get(API + "/dags/rest_ok/dagVersions/7").status()).isEqualTo(404);
    }

    @Test
    void patchPausesAndUnpausesWithUpdateMask() {
        Map<String, Object> patched = ok(patch(API + "/dags/rest_fail?update_mask=is_paused", "{\"is_paused\": false}"));
        assertThat(patched.get("is_paused")).isEqualTo(false);
        assertThat(ok(get(API + "/dags/rest_fail")).get("is_paused")).isEqualTo(false);
        ok(patch(API + "/dags/rest_fail", "{\"is_paused\": true}"));
        assertThat(ok(get(API + "/dags/rest_fail")).get("is_paused")).isEqualTo(true);
        ok(patch(API + "/dags/rest_fail", "{\"is_paused\": false}")); // other tests trigger it

        assertDetail(patch(API + "/dags/rest_fail?update_mask=description", "{\"is_paused\": true}"), 400,
                "Only `is_paused` field can be updated through the REST API");
        assertValidationError(patch(API + "/dags/rest_fail", "{\"is_paused\": true, \"owner\": \"x\"}"),
                "extra_forbidden", List.of("body", "owner"));
        assertDetail(patch(API + "/dags/nope", "{\"is_paused\": true}"), 404, "The Dag with ID: `nope` was not found");

        Map<String, Object> bulk = ok(patch(API + "/dags?dag_id_pattern=rest_", "{\"is_paused\": true}"));
        assertThat(items(bulk, "dags")).extracting(d -> d.get("is_paused")).containsExactly(true, true);
        assertThat(ok(get(API + "/dags?paused=true")).get("total_entries")).isEqualTo(2);
        ok(patch(API + "/dags?dag_id_pattern=rest_", "{\"is_paused\": false}")); // other tests trigger them
        assertThat(ok(get(API + "/dags?paused=false")).get("total_entries")).isEqualTo(2);
    }

    @Test
    void aTriggeredRunIsQueuedRunsToSuccessAndItsTaskInstancesLogsAndXComsCanBeRead() throws Exception {
        Map<String, Object> run = ok(post(API + "/dags/rest_ok/dagRuns",
                "{\"logical_date\": \"2024-05-01T00:00:00Z\", \"conf\": {\"x\": 1}, \"note\": \"by test\"}"));
        assertThat(run).containsEntry("state", "queued").containsEntry("run_type", "manual")
                .containsEntry("triggered_by", "rest_api").containsEntry("logical_date", "2024-05-01T00:00:00+00:00")
                .containsEntry("conf", Map.of("x", 1)).containsEntry("note", "by test");
        String runId = (String) run.get("dag_run_id");
        assertThat(runId).startsWith("manual__");
        assertThat((List<?>) run.get("dag_versions")).hasSize(1);

        Map<String, Object> done = awaitRun(API, "rest_ok", runId);
        assertThat(done.get("state")).isEqualTo("success");
        assertThat((Double) done.get("duration")).isPositive();

        Map<String, Object> tis = ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances"));
        assertThat(tis.get("total_entries")).isEqualTo(2);
        List<Map<String, Object>> list = get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances").list("task_instances");
        assertThat(list).extracting(t -> t.get("state")).containsOnly("success");
        Map<String, Object> second = ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/second"));
        assertThat(second).containsEntry("try_number", 1).containsEntry("map_index", -1)
                .containsEntry("dag_run_id", runId).containsEntry("operator", "BashOperator");
        assertThat(second.get("id")).isNotNull();

        Map<String, Object> log = ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/second/logs/1"));
        assertThat(log).containsEntry("continuation_token", null);
        assertThat((List<?>) log.get("content")).anySatisfy(event ->
                assertThat(((Map<?, ?>) event).get("event").toString()).contains("second for " + runId));
        // Airflow's StructuredLogMessage: an RFC 3339 timestamp, or none (never null)
        assertThat((List<?>) log.get("content")).allSatisfy(event -> assertThat(String.valueOf(((Map<?, ?>) event)
                .containsKey("timestamp") ? ((Map<?, ?>) event).get("timestamp") : "2024-01-01T00:00:00Z")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)"));
        Reply xml = send(HttpRequest.GET(API + "/dagSources/rest_ok").accept("application/xml"));
        assertThat(xml.status()).isEqualTo(406);
        assertThat(xml.text()).contains("\"detail\"");
        Reply text = send(HttpRequest.GET(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/second/logs/1")
                .accept("text/plain"));
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.text()).contains("second for " + runId);
        assertDetail(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/second/logs/5"), 404,
                "TaskInstance not found");

        Map<String, Object> tries = ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/first/tries"));
        assertThat(tries.get("total_entries")).isEqualTo(1);
        assertThat(ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/first/tries/1")))
                .containsEntry("try_number", 1);
        assertThat(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/first/tries/3").status())
                .isEqualTo(404);

        Map<String, Object> xcoms = ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/first/xcomEntries"));
        assertThat(xcoms.get("total_entries")).isEqualTo(1);
        Map<String, Object> xcom = ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId)
                + "/taskInstances/first/xcomEntries/return_value"));
        assertThat(xcom).containsEntry("key", "return_value").containsEntry("value", "hello")
                .containsEntry("run_id", runId);
        assertDetail(get(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/first/xcomEntries/nope"), 404,
                "XCom entry with key: `nope` not found");

        assertThat(ok(get(API + "/dags/~/dagRuns/~/taskInstances?task_id=first")).get("total_entries"))
                .isEqualTo(runsOf("rest_ok"));
    }

    private int runsOf(String dagId) {
        return ((Number) ok(get(API + "/dags/" + dagId + "/dagRuns")).get("total_entries")).intValue();
    }

    @Test
    void aFailedTaskMarkedSuccessLetsItsDownstreamRunAndClearingRerunsIt() throws Exception {
        String runId = (String) ok(post(API + "/dags/rest_fail/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        assertThat(runId).matches("manual__.*_[A-Za-z0-9]{8}");
        assertThat(awaitRun(API, "rest_fail", runId).get("state")).isEqualTo("failed");
        String tis = API + "/dags/rest_fail/dagRuns/" + enc(runId) + "/taskInstances";
        assertThat(ok(get(tis + "/after")).get("state")).isEqualTo("upstream_failed");

        Map<String, Object> dry = ok(patch(tis + "/broken/dry_run", "{\"new_state\": \"success\"}"));
        assertThat(dry.get("total_entries")).isEqualTo(1);
        assertThat(ok(get(tis + "/broken")).get("state")).isEqualTo("failed");

        Map<String, Object> marked = ok(patch(tis + "/broken", "{\"new_state\": \"SUCCESS\"}"));
        assertThat((List<?>) marked.get("task_instances")).singleElement()
                .satisfies(t -> assertThat(((Map<?, ?>) t).get("state")).isEqualTo("success"));
        assertThat(awaitRun(API, "rest_fail", runId).get("state")).isEqualTo("success");
        assertThat(ok(get(tis + "/after")).get("state")).isEqualTo("success");

        assertValidationError(patch(tis + "/broken", "{\"new_state\": \"running\"}"), "value_error",
                List.of("body", "new_state"));

        // clearing the run's failed instances only: none are failed now
        Map<String, Object> clearDry = ok(post(API + "/dags/rest_fail/dagRuns/" + enc(runId) + "/clear",
                "{\"only_failed\": true}"));
        assertThat(clearDry.get("total_entries")).isEqualTo(0);

        // DAG-wide clear of one task: dry run by default, then for real; the task runs a second try
        String clearBody = "{\"dag_run_id\": \"" + runId + "\", \"task_ids\": [\"broken\"], \"only_failed\": false";
        Map<String, Object> preview = ok(post(API + "/dags/rest_fail/clearTaskInstances", clearBody + "}"));
        assertThat(preview.get("total_entries")).isEqualTo(1);
        assertThat(ok(get(tis + "/broken")).get("state")).isEqualTo("success");
        Map<String, Object> cleared = ok(post(API + "/dags/rest_fail/clearTaskInstances",
                clearBody + ", \"dry_run\": false, \"include_downstream\": true}"));
        assertThat(cleared.get("total_entries")).isEqualTo(2);
        assertThat(awaitRun(API, "rest_fail", runId).get("state")).isEqualTo("failed");
        Map<String, Object> broken = ok(get(tis + "/broken"));
        assertThat(broken).containsEntry("state", "failed").containsEntry("try_number", 2);
        Map<String, Object> tries = ok(get(tis + "/broken/tries"));
        assertThat(tries.get("total_entries")).isEqualTo(2);
        // the cleared try went to the history as it was (Airflow's record_ti); the current try follows it
        assertThat((List<?>) tries.get("task_instances")).map(t -> (Map<?, ?>) t)
                .extracting(t -> t.get("try_number") + ":" + t.get("state")).containsExactly("1:success", "2:failed");
        assertThat(ok(get(tis + "/broken/logs/2")).get("content").toString()).contains("failing");

        // clearing the failed run itself queues it again; its failed instances run a third try
        Map<String, Object> requeued = ok(post(API + "/dags/rest_fail/dagRuns/" + enc(runId) + "/clear",
                "{\"dry_run\": false, \"only_failed\": true}"));
        // queued by the clear; the engine may already have started it again
        assertThat(requeued).containsEntry("dag_run_id", runId);
        assertThat(requeued.get("state")).isIn("queued", "running");
        assertThat(awaitRun(API, "rest_fail", runId).get("state")).isEqualTo("failed");
        assertThat(ok(get(tis + "/broken")).get("try_number")).isEqualTo(3);

        assertDetail(post(API + "/dags/rest_fail/clearTaskInstances", "{\"only_running\": true}"), 400,
                "only_failed and only_running both are set to True");
        assertValidationError(post(API + "/dags/rest_fail/clearTaskInstances", "{\"task_ids\": []}"), "too_short",
                List.of("body", "task_ids"));
    }

    @Test
    void runsArePatchedNotedListedWithWildcardsAndDeleted() throws Exception {
        String runId = "custom_run.1";
        Map<String, Object> run = ok(post(API + "/dags/rest_ok/dagRuns",
                "{\"dag_run_id\": \"custom_run.1\", \"logical_date\": \"2023-02-03T04:05:06.789Z\"}"));
        assertThat(run).containsEntry("dag_run_id", runId)
                .containsEntry("logical_date", "2023-02-03T04:05:06.789000+00:00");
        awaitRun(API, "rest_ok", runId);

        Reply duplicate = post(API + "/dags/rest_ok/dagRuns",
                "{\"dag_run_id\": \"custom_run.1\", \"logical_date\": null}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(map(duplicate.json().get("detail"))).containsEntry("reason", "Unique constraint violation");

        Map<String, Object> failed = ok(patch(API + "/dags/rest_ok/dagRuns/" + enc(runId), "{\"state\": \"failed\"}"));
        assertThat(failed.get("state")).isEqualTo("failed");
        Map<String, Object> noted = ok(patch(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "?update_mask=note",
                "{\"note\": \"checked\", \"state\": \"success\"}"));
        assertThat(noted).containsEntry("note", "checked").containsEntry("state", "failed");
        assertValidationError(patch(API + "/dags/rest_ok/dagRuns/" + enc(runId), "{\"state\": \"running\"}"), "enum",
                List.of("body", "state"));

        Map<String, Object> all = ok(get(API + "/dags/~/dagRuns?limit=1"));
        assertThat((List<?>) all.get("dag_runs")).hasSize(1);
        assertThat(((Number) all.get("total_entries")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(ok(get(API + "/dags/~/dagRuns?state=failed&dag_run_id=x")).get("dag_runs").toString())
                .contains(runId);
        assertThat(ok(get(API + "/dags/rest_ok/dagRuns?logical_date_lte=2023-12-31T00:00:00Z")).get("total_entries"))
                .isEqualTo(1);
        // a raw '+' in the query is a space; the offset is still understood
        assertThat(ok(get(API + "/dags/rest_ok/dagRuns?logical_date_lte=2023-12-31T00:00:00+00:00"))
                .get("total_entries")).isEqualTo(1);
        assertThat(ok(get(API + "/dags/rest_ok/dagRuns?logical_date_gte=2023-02-03%2004:05:06.789%2B00:00"))
                .get("total_entries")).isEqualTo(ok(get(API + "/dags/rest_ok/dagRuns")).get("total_entries"));

        Map<String, Object> batch = ok(post(API + "/dags/~/dagRuns/list",
                "{\"dag_ids\": [\"rest_ok\"], \"states\": [\"failed\"], \"page_limit\": 5}"));
        assertThat(items(batch, "dag_runs")).extracting(r -> r.get("dag_run_id")).containsExactly(runId);
        Map<String, Object> tiBatch = ok(post(API + "/dags/~/dagRuns/~/taskInstances/list",
                "{\"dag_run_ids\": [\"custom_run.1\"], \"task_ids\": [\"first\"], \"state\": [\"success\"]}"));
        assertThat(items(tiBatch, "task_instances")).extracting(t -> t.get("task_id")).containsExactly("first");
        assertValidationError(post(API + "/dags/~/dagRuns/list", "{\"dag_ids\": \"rest_ok\"}"), "list_type",
                List.of("body", "dag_ids"));

        assertThat(delete(API + "/dags/rest_ok/dagRuns/" + enc(runId)).status()).isEqualTo(204);
        assertDetail(get(API + "/dags/rest_ok/dagRuns/" + enc(runId)), 404,
                "The DagRun with dag_id: `rest_ok` and run_id: `custom_run.1` was not found");
    }

    @Test
    void triggerValidatesItsBody() {
        assertValidationError(post(API + "/dags/rest_ok/dagRuns", "{}"), "missing", List.of("body", "logical_date"));
        assertValidationError(post(API + "/dags/rest_ok/dagRuns", "{\"logical_date\": null, \"foo\": 1}"),
                "extra_forbidden", List.of("body", "foo"));
        assertValidationError(post(API + "/dags/rest_ok/dagRuns", "{\"logical_date\": \"yesterday\"}"),
                "datetime_from_date_parsing", List.of("body", "logical_date"));
        assertValidationError(post(API + "/dags/rest_ok/dagRuns", "{\"logical_date\": null, \"conf\": [1]}"),
                "dict_type", List.of("body", "conf"));
        assertValidationError(post(API + "/dags/rest_ok/dagRuns",
                "{\"logical_date\": null, \"data_interval_start\": \"2024-01-01T00:00:00Z\"}"), "value_error",
                List.of("body", "data_interval_end"));
        assertDetail(post(API + "/dags/nope/dagRuns", "{\"logical_date\": null}"), 404,
                "DAG with dag_id: 'nope' not found");
    }

    @Test
    void aDagWhoseFileBreaksCannotBeTriggeredAndADeletedDagIsGone() throws Exception {
        var file = root.resolve("dags/rest_later.yml");
        Files.writeString(file, OK_DAG.replace("rest_ok", "rest_later"));
        updraft.loadDags();
        String runId = (String) ok(post(API + "/dags/rest_later/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        awaitRun(API, "rest_later", runId);
        Files.writeString(file, BROKEN_FILE.replace("broken_dag", "rest_later"));
        updraft.loadDags();
        try {
            assertDetail(post(API + "/dags/rest_later/dagRuns", "{\"logical_date\": null}"), 400,
                    "DAG with dag_id: 'rest_later' has import errors");
        } finally {
            Files.delete(file);
            updraft.loadDags();
        }
        assertThat(delete(API + "/dags/rest_later").status()).isEqualTo(204);
        assertThat(get(API + "/dags/rest_later").status()).isEqualTo(404);
        assertThat(get(API + "/dags/rest_later/dagRuns").status()).isEqualTo(404);
    }
}
