package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every list endpoint accepts exactly its order_by names (ascending and descending, over rows the store really
 * sorts) and rejects others with Airflow's message: the sort enums and their columns in the store cover the API.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListOrderKeysTest extends RestTestSupport {

    private static final List<String> RUN_KEYS = List.of("id", "state", "dag_id", "run_id", "dag_run_id",
            "logical_date", "run_after", "start_date", "end_date", "updated_at", "data_interval_start",
            "data_interval_end");
    private static final List<String> TASK_INSTANCE_KEYS = List.of("id", "task_id", "dag_id", "run_id",
            "map_index", "state", "start_date", "end_date", "duration", "try_number", "pool", "queue",
            "priority_weight", "operator", "updated_at");
    private static final List<String> EVENT_LOG_KEYS = List.of("id", "event_log_id", "dttm", "when", "dag_id",
            "task_id", "run_id", "event", "logical_date", "owner", "extra");
    private static final List<String> IMPORT_ERROR_KEYS = List.of("id", "import_error_id", "timestamp",
            "filename");

    @BeforeAll
    void oneFinishedRun() throws InterruptedException {
        String runId = (String) ok(post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        awaitRun("/api/v2", "rest_ok", runId);
    }

    @Test
    void eachListSortsByItsKeysAndOnlyThose() {
        Map<String, List<String>> lists = Map.ofEntries(
                Map.entry("/api/v2/dags", List.of("dag_id", "dag_display_name", "next_dagrun", "last_parsed_time")),
                Map.entry("/api/v1/dags", List.of("dag_id", "next_dagrun", "last_parsed_time")),
                Map.entry("/api/v2/dags/~/dagRuns", RUN_KEYS),
                Map.entry("/api/v1/dags/~/dagRuns", RUN_KEYS),
                Map.entry("/api/v2/dags/~/dagRuns/~/taskInstances", TASK_INSTANCE_KEYS),
                Map.entry("/api/v1/dags/~/dagRuns/~/taskInstances", TASK_INSTANCE_KEYS),
                Map.entry("/api/v2/dags/rest_ok/dagVersions",
                        List.of("id", "version_number", "bundle_name", "bundle_version")),
                Map.entry("/api/v2/importErrors", IMPORT_ERROR_KEYS),
                Map.entry("/api/v1/importErrors", IMPORT_ERROR_KEYS),
                Map.entry("/api/v2/dagWarnings", List.of("dag_id", "warning_type", "message", "timestamp", "id")),
                Map.entry("/api/v2/eventLogs", EVENT_LOG_KEYS),
                Map.entry("/api/v1/eventLogs", EVENT_LOG_KEYS),
                Map.entry("/api/v2/assets", List.of("id", "name", "uri", "created_at", "updated_at")),
                Map.entry("/api/v2/assets/events", List.of("source_task_id", "source_dag_id", "source_run_id",
                        "source_map_index", "timestamp", "id")),
                Map.entry("/api/v2/assets/aliases", List.of("id", "name")));
        lists.forEach((path, keys) -> {
            for (String key : keys) {
                assertThat(get(path + "?order_by=" + key).status()).as(path + " " + key).isEqualTo(200);
                assertThat(get(path + "?order_by=-" + key + "&order_by=" + keys.get(0)).status())
                        .as(path + " -" + key).isEqualTo(200);
            }
            assertRejected(get(path + "?order_by=-nope"), "nope");
        });
        assertRejected(get("/api/v1/dags?order_by=dag_display_name"), "dag_display_name");
    }

    @Test
    void theRequestedOrderIsApplied() {
        List<Object> byTask = get("/api/v2/dags/~/dagRuns/~/taskInstances?order_by=-task_id").list("task_instances")
                .stream().map(ti -> ti.get("task_id")).toList();
        assertThat(byTask).containsExactly("second", "first");
        List<Object> v1 = get("/api/v1/dags/~/dagRuns/~/taskInstances?order_by=task_id").list("task_instances")
                .stream().map(ti -> ti.get("task_id")).toList();
        assertThat(v1).containsExactly("first", "second");
    }

    @Test
    void batchListsTakeTheSameKeysInTheirBody() {
        for (String key : RUN_KEYS) {
            assertThat(post("/api/v2/dags/~/dagRuns/list", "{\"order_by\": \"-" + key + "\"}").status())
                    .as(key).isEqualTo(200);
        }
        for (String key : TASK_INSTANCE_KEYS) {
            assertThat(post("/api/v2/dags/~/dagRuns/~/taskInstances/list", "{\"order_by\": [\"" + key + "\"]}")
                    .status()).as(key).isEqualTo(200);
        }
        assertRejected(post("/api/v2/dags/~/dagRuns/list", "{\"order_by\": \"nope\"}"), "nope");
    }

    /** 400 with Airflow's detail (v1 and v2 differ in the other fields of the body). */
    private static void assertRejected(Reply reply, String field) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.json()).containsEntry("detail", "Ordering with '" + field
                + "' is disallowed or the attribute does not exist on the model");
    }
}
