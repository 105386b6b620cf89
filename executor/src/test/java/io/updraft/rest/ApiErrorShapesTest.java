package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A known path with the wrong method, and a path parameter of the wrong type, in each API's error shape. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiErrorShapesTest extends RestTestSupport {


    @Test
    void aKnownPathWithAnotherMethodIs405() {
        assertDetail(delete("/api/v2/version"), 405, "Method Not Allowed");
        assertDetail(post("/api/v2/dags/rest_ok", "{}"), 405, "Method Not Allowed");
        assertDetail(send(HttpRequest.PUT("/api/v2/backfills", "{}")), 405, "Method Not Allowed");
        // an unknown path stays 404
        assertDetail(delete("/api/v2/nothingHere"), 404, "Not Found");

        Reply v1 = delete("/api/v1/dags/rest_ok/dagRuns/x/taskInstances");
        assertThat(v1.status()).as(v1.text()).isEqualTo(405);
        assertThat(v1.contentType()).startsWith("application/problem+json");
        assertThat(v1.json()).containsEntry("status", 405).containsEntry("title", "Method Not Allowed")
                .containsEntry("detail", "The method is not allowed for the requested URL.");
        assertThat(delete("/api/v1/nothingHere").status()).isEqualTo(404);
    }

    @Test
    void aPathParameterOfTheWrongTypeIs422OnV2And400OnV1() {
        Reply backfill = get("/api/v2/backfills/abc");
        assertValidationError(backfill, "int_parsing", List.of("path", "backfill_id"));
        assertThat(map(((List<?>) backfill.json().get("detail")).get(0)))
                .containsEntry("msg", "Input should be a valid integer, unable to parse string as an integer")
                .containsEntry("input", "abc");
        assertValidationError(get("/api/v2/backfills/-1"), "greater_than_equal", List.of("path", "backfill_id"));
        assertValidationError(get("/api/v2/dags/rest_ok/dagRuns/r/taskInstances/first/tries/two"), "int_parsing",
                List.of("path", "try_number"));

        Reply v1 = get("/api/v1/dags/rest_ok/dagRuns/r/taskInstances/first/logs/two");
        assertThat(v1.status()).as(v1.text()).isEqualTo(400);
        assertThat(v1.contentType()).startsWith("application/problem+json");
        assertThat(v1.json()).containsEntry("status", 400).containsEntry("title", "Bad Request")
                .containsEntry("detail", "'two' is not of type 'integer'");
    }

    @Test
    void theNewRoutesAreInTheOpenApiDocument() {
        Map<String, Object> paths = map(ok(get("/api/v2/openapi.json")).get("paths"));
        assertThat(map(paths.get("/api/v2/backfills/{backfill_id}/cancel"))).containsKey("put");
        assertThat(map(paths.get("/api/v2/variables"))).containsKeys("get", "post", "patch");
        assertThat(map(paths.get("/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}")))
                .containsKeys("get", "patch", "delete");
    }
}
