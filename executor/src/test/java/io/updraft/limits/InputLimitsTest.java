package io.updraft.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The 500s and the size limits over real HTTP: each refused with a 4xx that names the field. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitsTest extends RestTestSupport {

    private static final String LONG_RUN_ID = "r".repeat(251);

    @Test
    void overLongRunIdsKeysAndNamesNameTheirField() {
        assertValidationError(post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null, \"dag_run_id\": \""
                + LONG_RUN_ID + "\"}"), "string_too_long", List.of("body", "dag_run_id"));
        assertProblem(post("/api/v1/dags/rest_ok/dagRuns", "{\"dag_run_id\": \"" + LONG_RUN_ID + "\"}"),
                "'dag_run_id': String should have at most 250 characters");
        assertProblem(post("/api/v1/variables", "{\"key\": \"" + "k".repeat(251) + "\", \"value\": \"v\"}"),
                "'key': String should have at most 250 characters");
        assertProblem(post("/api/v1/pools", "{\"name\": \"" + "p".repeat(257) + "\", \"slots\": 1}"),
                "'name': String should have at most 256 characters");
        assertValidationError(post("/api/v2/variables", "{\"key\": \"" + "k".repeat(251) + "\", \"value\": 1}"),
                "string_too_long", List.of("body", "key"));
        assertValidationError(post("/api/v2/connections", "{\"connection_id\": \"" + "c".repeat(201)
                + "\", \"conn_type\": \"http\"}"), "string_too_long", List.of("body", "connection_id"));
        // a column limit no controller checks is still a 422 naming it, from the store's own error
        assertValidationError(post("/api/v2/connections", "{\"connection_id\": \"long_host\", \"conn_type\": "
                + "\"http\", \"host\": \"" + "h".repeat(501) + "\"}"), "string_too_long", List.of("body", "host"));
        assertThat(get("/api/v2/connections/long_host").status()).isEqualTo(404);
    }

    @Test
    void confAndXComValuesOverOneMebibyteAreRefusedNamingTheField() {
        String big = "x".repeat((1 << 20) + 1);
        assertValidationError(post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null, \"conf\": {\"a\": \""
                + big + "\"}}"), "value_error", List.of("body", "conf"));
        assertProblem(post("/api/v1/dags/rest_ok/dagRuns", "{\"conf\": {\"a\": \"" + big + "\"}}"),
                "'conf': Value error, conf is 1048585 bytes as JSON; at most 1048576 are accepted");
        Map<String, Object> run = post("/api/v2/dags/rest_ok/dagRuns", "{\"logical_date\": null}").json();
        String xcoms = "/api/v2/dags/rest_ok/dagRuns/" + enc((String) run.get("dag_run_id"))
                + "/taskInstances/first/xcomEntries";
        assertValidationError(post(xcoms, "{\"key\": \"big\", \"value\": \"" + big + "\"}"), "value_error",
                List.of("body", "value"));
        assertValidationError(post(xcoms, "{\"key\": \"" + "k".repeat(513) + "\", \"value\": 1}"),
                "string_too_long", List.of("body", "key"));
    }

    @Test
    void aBodyOverTheRequestLimitIsRefusedBeforeItIsRead() {
        String huge = "{\"key\": \"huge\", \"value\": \"" + "x".repeat(11 << 20) + "\"}";
        Reply reply = send(HttpRequest.POST("/api/v2/variables", huge).contentType("application/json"));
        assertThat(reply.status()).isEqualTo(413);
        assertThat(get("/api/v2/variables/huge").status()).isEqualTo(404);
    }

    private static void assertProblem(Reply reply, String detail) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(Json.readObject(reply.text())).containsEntry("detail", detail);
    }
}
