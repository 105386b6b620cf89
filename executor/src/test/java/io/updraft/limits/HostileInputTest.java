package io.updraft.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every write of v2 and v1 with each body field replaced in turn by a hostile value (over-long strings, control
 * characters, numbers out of range, wrong types): the answer is always a 4xx, never a server error.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends RestTestSupport {

    private static final List<Object> HOSTILE = List.of("x".repeat(251), "y".repeat(257), "z".repeat(513),
            "w".repeat(70_000), "nul\u0000byte", "\uD83D\uDE00".repeat(200), -1, 0, 99_999_999_999L,
            new java.math.BigInteger("123456789012345678901234567890"), 1.5e308, true, List.of(), Map.of(),
            nullInside());

    /** A JSON object holding a null (Map.of refuses nulls, as Map.copyOf did in a backfill's conf). */
    private static Map<String, Object> nullInside() {
        Map<String, Object> map = new java.util.HashMap<>();
        map.put("a", null);
        return map;
    }

    private String runId;

    /** A write: method, path and a valid body whose fields are replaced one at a time. */
    private record Write(String method, String path, Map<String, Object> body) {
    }

    @BeforeAll
    void makeARun() {
        Reply run = post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null}");
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        runId = (String) run.json().get("dag_run_id");
        assertThat(post("/api/v2/variables", "{\"key\": \"hostile_var\", \"value\": \"v\"}").status()).isEqualTo(201);
        assertThat(post("/api/v2/pools", "{\"name\": \"hostile_pool\", \"slots\": 1}").status()).isEqualTo(201);
    }

    private List<Write> writes() {
        String run = "/dags/rest_ok/dagRuns/" + enc(runId);
        List<Write> writes = new ArrayList<>();
        writes.add(new Write("POST", "/api/v2/dags/rest_ok/dagRuns", body("dag_run_id", "hostile_run",
                "logical_date", null, "conf", Map.of("a", 1), "note", "n")));
        writes.add(new Write("PATCH", "/api/v2" + run, body("state", "success", "note", "n")));
        writes.add(new Write("POST", "/api/v2/variables", body("key", "k1", "value", "v", "description", "d")));
        writes.add(new Write("PATCH", "/api/v2/variables/hostile_var", body("key", "hostile_var", "value", "v",
                "description", "d")));
        writes.add(new Write("POST", "/api/v2/pools", body("name", "p1", "slots", 2, "description", "d",
                "include_deferred", false)));
        writes.add(new Write("PATCH", "/api/v2/pools/hostile_pool", body("name", "hostile_pool", "slots", 2,
                "description", "d", "include_deferred", false)));
        writes.add(new Write("POST", "/api/v2/connections", body("connection_id", "c1", "conn_type", "http",
                "host", "h", "login", "l", "password", "p", "schema", "s", "port", 80, "extra", "{}",
                "description", "d")));
        writes.add(new Write("POST", "/api/v2" + run + "/taskInstances/first/xcomEntries", body("key", "k",
                "value", "v", "map_index", -1)));
        writes.add(new Write("PATCH", "/api/v2" + run + "/taskInstances/first", body("new_state", "success",
                "note", "n")));
        writes.add(new Write("POST", "/api/v2/backfills", body("dag_id", "rest_ok", "from_date",
                "2024-01-01T00:00:00Z", "to_date", "2024-01-02T00:00:00Z", "run_backwards", false,
                "dag_run_conf", Map.of(), "reprocess_behavior", "none", "max_active_runs", 1)));
        writes.add(new Write("POST", "/api/v2/backfills/dry_run", body("dag_id", "rest_ok", "from_date",
                "2024-01-01T00:00:00Z", "to_date", "2024-01-02T00:00:00Z", "dag_run_conf", Map.of())));
        writes.add(new Write("PATCH", "/api/v2/dags/rest_ok", body("is_paused", false)));
        writes.add(new Write("POST", "/api/v2/dags/rest_ok/clearTaskInstances", body("dry_run", true,
                "task_ids", List.of("first"), "only_failed", false)));
        writes.add(new Write("PATCH", "/api/v2/variables", body("actions", List.of(Map.of("action", "create",
                "entities", List.of(Map.of("key", "bulk_k", "value", "v")), "action_on_existence", "overwrite")))));
        writes.add(new Write("PATCH", "/api/v2/pools", body("actions", List.of(Map.of("action", "create",
                "entities", List.of(Map.of("name", "bulk_p", "slots", 1)), "action_on_existence", "overwrite")))));
        writes.add(new Write("POST", "/api/v1/dags/rest_ok/dagRuns", body("dag_run_id", "hostile_v1_run",
                "conf", Map.of(), "note", "n")));
        writes.add(new Write("POST", "/api/v1/variables", body("key", "k1v1", "value", "v", "description", "d")));
        writes.add(new Write("PATCH", "/api/v1/variables/hostile_var", body("key", "hostile_var", "value", "v")));
        writes.add(new Write("POST", "/api/v1/pools", body("name", "p1v1", "slots", 2, "description", "d")));
        writes.add(new Write("PATCH", "/api/v1/pools/hostile_pool", body("name", "hostile_pool", "slots", 2)));
        writes.add(new Write("PATCH", "/api/v1" + run.replace("/api/v2", ""), body("state", "success")));
        return writes;
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void noHostileFieldValueGetsAServerError() {
        List<String> serverErrors = new ArrayList<>();
        int requests = 0;
        for (Write write : writes()) {
            for (String field : write.body().keySet()) {
                for (Object value : HOSTILE) {
                    Map<String, Object> body = new LinkedHashMap<>(write.body());
                    body.put(field, value);
                    Reply reply = send(write.method(), write.path(), Json.write(body));
                    requests++;
                    if (reply.status() >= 500) {
                        serverErrors.add(write.method() + " " + write.path() + " " + field + "="
                                + abbreviate(String.valueOf(value)) + " -> " + reply.status() + " "
                                + abbreviate(reply.text()));
                    }
                }
            }
        }
        assertThat(serverErrors).as("server errors among " + requests + " requests").isEmpty();
    }

    @Test
    void overLongIdsInPathsAreNotServerErrors() {
        String longId = "r".repeat(300);
        for (String path : List.of("/api/v2/dags/" + longId, "/api/v2/dags/rest_ok/dagRuns/" + longId,
                "/api/v2/variables/" + longId, "/api/v2/pools/" + longId, "/api/v2/connections/" + longId,
                "/api/v1/dags/rest_ok/dagRuns/" + longId, "/api/v1/variables/" + longId,
                "/api/v1/pools/" + longId)) {
            assertThat(get(path).status()).as(path).isEqualTo(404);
            assertThat(send("DELETE", path, null).status()).as("DELETE " + path).isBetween(400, 499);
        }
    }

    private Reply send(String method, String path, String body) {
        MutableHttpRequest<?> request = HttpRequest.create(io.micronaut.http.HttpMethod.valueOf(method), path);
        if (body != null) {
            request = ((MutableHttpRequest<Object>) request).body(body).contentType("application/json");
        }
        return send(request);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
