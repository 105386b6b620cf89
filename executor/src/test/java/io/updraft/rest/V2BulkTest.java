package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PATCH /api/v2/variables, /pools and /connections with Airflow 3's BulkBody, over real HTTP. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2BulkTest extends RestTestSupport {

    private static final String API = "/api/v2";


    private static Map<String, Object> succeeded(String... keys) {
        return Map.of("success", List.of(keys), "errors", List.of());
    }

    private static Map<String, Object> failed(int status, String error, String... keys) {
        return Map.of("success", List.of(keys), "errors", List.of(Map.of("error", error, "status_code", status)));
    }

    @Test
    void variablesAreCreatedUpdatedAndDeletedActionByActionEachActionWhollyOrNotAtAll() {
        assertThat(post(API + "/variables", "{\"key\": \"bulk_existing\", \"value\": \"old\"}").status()).isEqualTo(201);

        Map<String, Object> answer = ok(patch(API + "/variables", """
                {"actions": [
                  {"action": "create", "entities": [{"key": "bulk_a", "value": "1"},
                                                    {"key": "bulk_b", "value": {"n": 2}, "description": "json"}]},
                  {"action": "create", "entities": [{"key": "bulk_c", "value": "3"},
                                                    {"key": "bulk_existing", "value": "new"}]},
                  {"action": "update", "entities": [{"key": "bulk_existing", "value": "updated"},
                                                    {"key": "bulk_missing", "value": "x"}],
                   "action_on_non_existence": "skip"},
                  {"action": "delete", "entities": ["bulk_a", "bulk_nope"]}
                ]}"""));

        // both creates answer under "create"; the second failed as a whole, so bulk_c was not created either
        assertThat(map(answer.get("create"))).isEqualTo(failed(409,
                "The variables with these keys: {'bulk_existing'} already exist.", "bulk_a", "bulk_b"));
        assertThat(map(answer.get("update"))).isEqualTo(succeeded("bulk_existing"));
        assertThat(map(answer.get("delete"))).isEqualTo(failed(404,
                "The variables with these keys: {'bulk_nope'} were not found."));
        assertThat(ok(get(API + "/variables/bulk_a"))).containsEntry("value", "1"); // the failed delete kept it
        assertThat(ok(get(API + "/variables/bulk_b"))).containsEntry("value", "{\"n\":2}")
                .containsEntry("description", "json");
        assertThat(get(API + "/variables/bulk_c").status()).isEqualTo(404);
        assertThat(ok(get(API + "/variables/bulk_existing"))).containsEntry("value", "updated");

        Map<String, Object> second = ok(patch(API + "/variables", """
                {"actions": [
                  {"action": "create", "action_on_existence": "skip",
                   "entities": [{"key": "bulk_a", "value": "kept?"}, {"key": "bulk_c", "value": "3"}]},
                  {"action": "create", "action_on_existence": "overwrite",
                   "entities": [{"key": "bulk_b", "value": "over"}]},
                  {"action": "update", "update_mask": ["description"],
                   "entities": [{"key": "bulk_existing", "value": "ignored", "description": "described"}]},
                  {"action": "delete", "action_on_non_existence": "skip", "entities": ["bulk_a", "bulk_nope"]}
                ]}"""));

        assertThat(map(second.get("create"))).isEqualTo(succeeded("bulk_c", "bulk_b"));
        assertThat(map(second.get("update"))).isEqualTo(succeeded("bulk_existing"));
        assertThat(map(second.get("delete"))).isEqualTo(succeeded("bulk_a"));
        assertThat(get(API + "/variables/bulk_a").status()).isEqualTo(404);
        assertThat(ok(get(API + "/variables/bulk_b"))).containsEntry("value", "over");
        assertThat(ok(get(API + "/variables/bulk_existing"))).containsEntry("value", "updated")
                .containsEntry("description", "described");
    }

    @Test
    void actionsNotAskedForAreNullAndBadBodiesAreRefusedBeforeAnythingIsWritten() {
        Map<String, Object> answer = ok(patch(API + "/variables",
                "{\"actions\": [{\"action\": \"delete\", \"entities\": []}]}"));
        assertThat(answer).containsEntry("create", null).containsEntry("update", null)
                .containsEntry("delete", succeeded());

        assertValidationError(patch(API + "/variables", """
                {"actions": [{"action": "create", "entities": [{"key": "bulk_never", "value": "1"}]},
                             {"action": "upsert", "entities": []}]}"""), "union_tag_invalid",
                List.of("body", "actions", 1));
        assertValidationError(patch(API + "/variables", """
                {"actions": [{"action": "create", "entities": [{"key": "bulk_never", "value": "1"},
                                                               {"key": "bulk_never2"}]}]}"""), "missing",
                List.of("body", "actions", 0, "create", "entities", 1, "value"));
        assertValidationError(patch(API + "/variables",
                "{\"actions\": [{\"action\": \"create\", \"entities\": [], \"action_on_existence\": \"replace\"}]}"),
                "enum", List.of("body", "actions", 0, "create", "action_on_existence"));
        assertValidationError(patch(API + "/variables", "{\"actions\": [{\"action\": \"delete\", \"entities\": [1]}]}"),
                "string_type", List.of("body", "actions", 0, "delete", "entities", 0));
        assertValidationError(patch(API + "/variables", "{}"), "missing", List.of("body", "actions"));
        assertThat(get(API + "/variables/bulk_never").status()).isEqualTo(404);
    }

    @Test
    void poolsInBulkWithTheDefaultPoolsRules() {
        Map<String, Object> answer = ok(patch(API + "/pools", """
                {"actions": [
                  {"action": "create", "entities": [{"name": "bulk_p1", "slots": 3},
                                                    {"name": "bulk_p2", "slots": 5, "description": "two"}]},
                  {"action": "update", "entities": [{"name": "bulk_p1", "slots": 7}]},
                  {"action": "update", "update_mask": ["slots"], "entities": [{"name": "default_pool", "slots": 64}]},
                  {"action": "update", "entities": [{"name": "default_pool", "slots": 1, "description": "no"}]},
                  {"action": "delete", "entities": ["bulk_p2"]},
                  {"action": "delete", "entities": ["default_pool"]}
                ]}"""));

        assertThat(map(answer.get("create"))).isEqualTo(succeeded("bulk_p1", "bulk_p2"));
        assertThat(map(answer.get("update"))).isEqualTo(failed(400,
                "Only slots and included_deferred can be modified on Default Pool", "bulk_p1", "default_pool"));
        assertThat(map(answer.get("delete"))).isEqualTo(failed(400, "Default Pool can't be deleted", "bulk_p2"));
        assertThat(ok(get(API + "/pools/bulk_p1"))).containsEntry("slots", 7);
        assertThat(ok(get(API + "/pools/default_pool"))).containsEntry("slots", 64)
                .containsEntry("description", "Default pool");
        assertThat(get(API + "/pools/bulk_p2").status()).isEqualTo(404);
        assertValidationError(patch(API + "/pools",
                "{\"actions\": [{\"action\": \"create\", \"entities\": [{\"name\": \"p\", \"slots\": \"many\"}]}]}"),
                "int_parsing", List.of("body", "actions", 0, "create", "entities", 0, "slots"));
    }

    @Test
    void connectionsInBulkKeepTheirSecrets() {
        Map<String, Object> answer = ok(patch(API + "/connections", """
                {"actions": [
                  {"action": "create", "entities": [
                    {"connection_id": "bulk_db", "conn_type": "postgres", "host": "db", "password": "pw"},
                    {"connection_id": "bulk_http", "conn_type": "http", "host": "web"}]},
                  {"action": "update", "update_mask": ["host"],
                   "entities": [{"connection_id": "bulk_db", "conn_type": "ignored", "host": "db2"}]},
                  {"action": "delete", "entities": ["bulk_http"]},
                  {"action": "create", "entities": [{"connection_id": "bulk_db", "conn_type": "x"}]}
                ]}"""));

        assertThat(map(answer.get("create"))).isEqualTo(failed(409,
                "The connections with these connection_ids: {'bulk_db'} already exist.", "bulk_db", "bulk_http"));
        assertThat(map(answer.get("update"))).isEqualTo(succeeded("bulk_db"));
        assertThat(map(answer.get("delete"))).isEqualTo(succeeded("bulk_http"));
        assertThat(ok(get(API + "/connections/bulk_db"))).containsEntry("host", "db2")
                .containsEntry("conn_type", "postgres").containsEntry("password", "***");
        assertThat(get(API + "/connections/bulk_http").status()).isEqualTo(404);
    }
}
