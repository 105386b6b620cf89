package io.updraft.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.rest.RestTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /api/v2/openapi.json} over HTTP: Airflow 3.3.2's operations (with their schemas) for the routes we serve,
 * every operationId unique, every schema reference resolvable, and no operation we do not serve.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends RestTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void airflowsOperationsAndSchemasForTheRoutesWeServe() {
        Map<String, Object> document = ok(get("/api/v2/openapi.json"));
        Map<String, Object> paths = map(document.get("paths"));
        Map<String, Object> schemas = map(map(document.get("components")).get("schemas"));

        Map<String, Object> trigger = map(map(paths.get("/api/v2/dags/{dag_id}/dagRuns")).get("post"));
        assertThat(trigger.get("operationId")).isEqualTo("trigger_dag_run");
        assertThat(map(map(map(map(trigger.get("requestBody")).get("content")).get("application/json"))
                .get("schema")).get("$ref")).isEqualTo("#/components/schemas/TriggerDAGRunPostBody");
        assertThat(map(map(paths.get("/api/v2/eventLogs")).get("get")).get("operationId"))
                .isEqualTo("get_event_logs");
        assertThat(schemas).containsKeys("DAGRunResponse", "TriggerDAGRunPostBody", "EventLogResponse");
        // Airflow's oneOf cannot match a full task instance (it also satisfies NewTaskResponse)
        assertThat(map(map(map(map(schemas.get("ClearTaskInstanceCollectionResponse")).get("properties"))
                .get("task_instances")).get("items"))).containsKey("anyOf").doesNotContainKey("oneOf");
        // Airflow documents operations we do not have (assets, config): they are left out
        assertThat(paths).doesNotContainKey("/api/v2/config").doesNotContainKey("/api/v2/dags/{dag_id}/favorite");

        List<String> operationIds = new ArrayList<>();
        List<String> references = new ArrayList<>();
        paths.values().forEach(item -> map(item).values().forEach(operation -> {
            operationIds.add((String) map(operation).get("operationId"));
            collectReferences(operation, references);
        }));
        assertThat(operationIds).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(operationIds.size()).isGreaterThan(60);
        for (String reference : references) {
            assertThat(schemas).as(reference).containsKey(reference.substring("#/components/schemas/".length()));
        }
    }

    private static void collectReferences(Object node, List<String> references) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    references.add((String) value);
                } else {
                    collectReferences(value, references);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectReferences(item, references));
        }
    }
}
