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
class V2ResourcesTest extends RestTestSupport {

    private static final String API = "/api/v2";

    /** One task in a pool that only the test creates. */
    private static final String POOLED_DAG = """
            rest_pooled:
              schedule: None
              is_paused_upon_creation: false
              default_args:
                start_date: 2024-01-01
              tasks:
                - task_id: in_pool
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo pooled"
                  pool: tiny_pool
            """;

    /** A bash task mapped over a literal list: two instances, map indexes 0 and 1. */
    private static final String MAPPED_DAG = """
            rest_mapped:
              schedule: None
              is_paused_upon_creation: false
              default_args:
                start_date: 2024-01-01
              tasks:
                - task_id: mapped
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  expand:
                    bash_command: ["echo m0", "echo m1"]
            """;


    @Override
    protected Map<String, String> dagFiles() {
        return Map.of("rest_pooled.yml", POOLED_DAG, "rest_mapped.yml", MAPPED_DAG);
    }

    @Test
    void variablesAreCreatedReadUpdatedListedAndDeleted() {
        Reply created = post(API + "/variables", "{\"key\": \"color\", \"value\": \"blue\", \"description\": \"d\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("key", "color").containsEntry("value", "blue")
                .containsEntry("description", "d").containsEntry("is_encrypted", false);
        assertThat(post(API + "/variables", "{\"key\": \"json_var\", \"value\": {\"a\": [1, 2]}}").status())
                .isEqualTo(201);
        assertThat(ok(get(API + "/variables/json_var")).get("value")).isEqualTo("{\"a\":[1,2]}");
        assertThat(post(API + "/variables", "{\"key\": \"path/like/key\", \"value\": \"x\"}").status()).isEqualTo(201);
        assertThat(ok(get(API + "/variables/path/like/key")).get("value")).isEqualTo("x");

        assertDetail(post(API + "/variables", "{\"key\": \"color\", \"value\": \"red\"}"), 409,
                "The Variable with key: `color` already exists");
        assertValidationError(post(API + "/variables", "{\"key\": \"k\"}"), "missing", List.of("body", "value"));
        assertValidationError(post(API + "/variables", "{\"key\": \"k\", \"value\": 1, \"extra\": 2}"),
                "extra_forbidden", List.of("body", "extra"));

        Map<String, Object> updated = ok(patch(API + "/variables/color?update_mask=value",
                "{\"key\": \"color\", \"value\": \"green\", \"description\": \"ignored\"}"));
        assertThat(updated).containsEntry("value", "green").containsEntry("description", "d");
        assertDetail(patch(API + "/variables/color", "{\"key\": \"other\", \"value\": \"x\"}"), 400,
                "Invalid body, key from request body doesn't match uri parameter");

        Map<String, Object> page = ok(get(API + "/variables?limit=1&order_by=-key"));
        assertThat(page.get("total_entries")).isEqualTo(3);
        assertThat(items(page, "variables")).extracting(v -> v.get("key")).containsExactly("path/like/key");
        assertThat(ok(get(API + "/variables?variable_key_pattern=col")).get("total_entries")).isEqualTo(1);

        assertThat(delete(API + "/variables/color").status()).isEqualTo(204);
        assertDetail(get(API + "/variables/color"), 404, "The Variable with key: `color` was not found");
        assertDetail(delete(API + "/variables/color"), 404, "The Variable with key: `color` was not found");
    }

    @Test
    void pagesDefaultTo50AndAreCappedAt100InV2And100InV1() {
        for (int i = 0; i < 120; i++) {
            assertThat(post(API + "/variables", "{\"key\": \"page_" + i + "\", \"value\": \"v\"}").status())
                    .isEqualTo(201);
        }
        try {
            Map<String, Object> first = ok(get(API + "/variables?variable_key_pattern=page_"));
            assertThat(first.get("total_entries")).isEqualTo(120);
            assertThat(items(first, "variables")).hasSize(50);
            assertThat(items(ok(get(API + "/variables?variable_key_pattern=page_&limit=1000")), "variables"))
                    .hasSize(100);
            assertThat(items(ok(get(API + "/variables?variable_key_pattern=page_&offset=110")), "variables"))
                    .hasSize(10);
            assertThat(items(ok(get("/api/v1/variables")), "variables")).hasSize(100);
            assertValidationError(get(API + "/variables?offset=-1"), "greater_than_equal",
                    List.of("query", "offset"));
        } finally {
            for (int i = 0; i < 120; i++) {
                delete(API + "/variables/page_" + i);
            }
        }
    }

    @Test
    void poolSlotsAreCountedFromTaskInstancesAndTheDefaultPoolStays() throws Exception {
        Reply created = post(API + "/pools", "{\"name\": \"tiny_pool\", \"slots\": 0, \"description\": \"tiny\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json()).containsEntry("slots", 0).containsEntry("open_slots", 0)
                .containsEntry("include_deferred", false);
        assertDetail(post(API + "/pools", "{\"name\": \"tiny_pool\", \"slots\": 1}"), 409,
                "The Pool with name: `tiny_pool` already exists");

        // with no slot the task waits scheduled, holding nothing but counted as scheduled
        String runId = (String) ok(post(API + "/dags/rest_pooled/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> pool = ok(get(API + "/pools/tiny_pool"));
        while (!pool.get("scheduled_slots").equals(1) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            pool = ok(get(API + "/pools/tiny_pool"));
        }
        assertThat(pool).containsEntry("scheduled_slots", 1).containsEntry("occupied_slots", 0)
                .containsEntry("running_slots", 0).containsEntry("open_slots", 0);

        Map<String, Object> resized = ok(patch(API + "/pools/tiny_pool?update_mask=slots",
                "{\"slots\": 1, \"description\": \"not changed\"}"));
        assertThat(resized).containsEntry("slots", 1).containsEntry("description", "tiny");
        assertThat(awaitRun(API, "rest_pooled", runId).get("state")).isEqualTo("success");
        assertThat(ok(get(API + "/pools/tiny_pool"))).containsEntry("open_slots", 1)
                .containsEntry("scheduled_slots", 0);

        Map<String, Object> pools = ok(get(API + "/pools"));
        assertThat(items(pools, "pools")).extracting(p -> p.get("name")).containsExactly("default_pool", "tiny_pool");
        assertDetail(patch(API + "/pools/tiny_pool", "{\"name\": \"other\", \"slots\": 2}"), 400,
                "Invalid body, pool name from request body doesn't match uri parameter");
        assertValidationError(post(API + "/pools", "{\"name\": \"p\", \"slots\": -2}"), "greater_than_equal",
                List.of("body", "slots"));

        assertDetail(delete(API + "/pools/default_pool"), 400, "Default Pool can't be deleted");
        assertThat(delete(API + "/pools/tiny_pool").status()).isEqualTo(204);
        assertDetail(get(API + "/pools/tiny_pool"), 404, "The Pool with name: `tiny_pool` was not found");
    }

    @Test
    void connectionsNeverShowPasswordsOrSensitiveExtras() {
        Reply created = post(API + "/connections", """
                {"connection_id": "my_db", "conn_type": "postgres", "host": "db", "port": 5432, "login": "u",
                 "password": "s3cret", "extra": "{\\"sslmode\\": \\"require\\", \\"api_key\\": \\"k\\"}"}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json()).containsEntry("password", "***").containsEntry("port", 5432)
                .containsEntry("extra", "{\"sslmode\":\"require\",\"api_key\":\"***\"}");
        assertThat(created.text()).doesNotContain("s3cret");
        assertDetail(post(API + "/connections", "{\"connection_id\": \"my_db\", \"conn_type\": \"http\"}"), 409,
                "The connection with connection_id: `my_db` already exists.");
        assertValidationError(post(API + "/connections", "{\"connection_id\": \"bad id\", \"conn_type\": \"http\"}"),
                "string_pattern_mismatch", List.of("body", "connection_id"));

        Map<String, Object> patched = ok(patch(API + "/connections/my_db?update_mask=host",
                "{\"connection_id\": \"my_db\", \"conn_type\": \"http\", \"host\": \"db2\"}"));
        assertThat(patched).containsEntry("host", "db2").containsEntry("conn_type", "postgres");
        assertThat(ok(get(API + "/connections")).get("total_entries")).isEqualTo(1);

        assertThat(delete(API + "/connections/my_db").status()).isEqualTo(204);
        assertDetail(get(API + "/connections/my_db"), 404, "The Connection with connection_id: `my_db` was not found");
    }

    @Test
    void mappedTaskInstancesAreAddressedByMapIndex() throws Exception {
        String runId = (String) ok(post(API + "/dags/rest_mapped/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        assertThat(awaitRun(API, "rest_mapped", runId).get("state")).isEqualTo("success");
        String tis = API + "/dags/rest_mapped/dagRuns/" + enc(runId) + "/taskInstances";
        assertThat(items(ok(get(tis)), "task_instances")).extracting(t -> t.get("map_index")).containsExactly(0, 1);
        assertThat(ok(get(tis + "/mapped/1"))).containsEntry("map_index", 1).containsEntry("rendered_map_index", "1");
        assertThat(ok(get(tis + "/mapped/listMapped")).get("total_entries")).isEqualTo(2);
        assertDetail(get(tis + "/mapped"), 404, "The Task Instance with dag_id: `rest_mapped`, run_id: `" + runId
                + "`, task_id: `mapped` and map_index: `-1` was not found");
        assertThat(ok(get(tis + "/mapped/1/tries")).get("total_entries")).isEqualTo(1);
        assertThat(ok(get(tis + "/mapped/logs/1?map_index=1")).get("content").toString()).contains("m1")
                .doesNotContain("m0");
        assertThat(ok(get(tis + "/mapped/xcomEntries/return_value?map_index=1")).get("value")).isEqualTo("m1");

        Map<String, Object> marked = ok(patch(tis + "/mapped/0", "{\"new_state\": \"failed\"}"));
        assertThat(items(marked, "task_instances")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("map_index", 0).containsEntry("state", "failed"));
        assertThat(ok(get(tis + "/mapped/1")).get("state")).isEqualTo("success");
        Map<String, Object> noted = ok(patch(tis + "/mapped/1", "{\"note\": \"looked at it\"}"));
        assertThat(items(noted, "task_instances")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("note", "looked at it").containsEntry("state", "success"));
        assertThat(ok(get(tis + "/mapped/1")).get("note")).isEqualTo("looked at it");
    }

    @Test
    void importErrorsListTheBrokenFile() {
        Map<String, Object> errors = ok(get(API + "/importErrors"));
        assertThat(errors.get("total_entries")).isEqualTo(1);
        Map<String, Object> error = items(errors, "import_errors").get(0);
        assertThat(error).containsEntry("filename", "broken.yml").containsKeys("timestamp", "stack_trace");
        assertThat(error.get("stack_trace").toString()).isNotBlank();
        Object id = error.get("import_error_id");
        assertThat(ok(get(API + "/importErrors/" + id))).isEqualTo(error);
        assertDetail(get(API + "/importErrors/999"), 404, "The ImportError with import_error_id: `999` was not found");
    }

    @Test
    void healthVersionAndOpenApiDescribeTheService() {
        Map<String, Object> health = ok(get(API + "/monitor/health"));
        assertThat(health.get("metadatabase")).isEqualTo(Map.of("status", "healthy"));
        assertThat(map(health.get("scheduler"))).containsEntry("status", "healthy");
        assertThat(map(health.get("scheduler")).get("latest_scheduler_heartbeat").toString()).endsWith("+00:00");
        assertThat(ok(get(API + "/version"))).containsEntry("version", "3.1.0").containsEntry("git_version", null);

        assertDetail(get(API + "/no/such/path"), 404, "Not Found");
        assertDetail(post(API + "/nothing", "{}"), 404, "Not Found");
        Reply v1 = get("/api/v1/no/such/path");
        assertThat(v1.status()).isEqualTo(404);
        assertThat(v1.contentType()).startsWith("application/problem+json");
        assertThat(v1.json()).containsEntry("title", "Not Found");

        Map<String, Object> openapi = ok(get(API + "/openapi.json"));
        Map<String, Object> paths = map(openapi.get("paths"));
        assertThat(map(paths.get("/api/v2/dags/{dag_id}/dagRuns"))).containsKeys("get", "post");
        assertThat(map(paths.get("/api/v2/variables/{variable_key}"))).containsKeys("get", "patch", "delete");
        assertThat(paths).containsKey("/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}")
                .doesNotContainKey("/api/v1/dags").doesNotContainKey("/api/v2/{path}");
    }
}
