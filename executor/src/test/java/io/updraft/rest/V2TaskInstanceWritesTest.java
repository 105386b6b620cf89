package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.LogLines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** XCom entries created and updated by hand, and task instances deleted, over real HTTP. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2TaskInstanceWritesTest extends RestTestSupport {

    private static final String API = "/api/v2";

    /** A sleep no other process has, so the test can tell whether the try's process still lives. */
    static final String SLEEP_SECONDS = "600." + (1000 + new java.util.Random().nextInt(9000));

    /** A task that sleeps long enough to be deleted while it runs, and one after it. */
    static final String SLOW_DAG = """
            rest_slow:
              schedule: None
              is_paused_upon_creation: false
              default_args:
                start_date: 2024-01-01
                retries: 0
              tasks:
                - task_id: sleeper
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "sleep SLEEP_SECONDS"
                - task_id: after
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo after"
                  dependencies: [sleeper]
            """.replace("SLEEP_SECONDS", SLEEP_SECONDS);


    @Override
    protected Map<String, String> dagFiles() {
        return Map.of("rest_slow.yml", SLOW_DAG);
    }

    private String finishedOkRun() throws InterruptedException {
        Map<String, Object> run = ok(post(API + "/dags/rest_ok/dagRuns", "{\"logical_date\": null}"));
        String runId = (String) run.get("dag_run_id");
        assertThat(awaitRun(API, "rest_ok", runId)).containsEntry("state", "success");
        return runId;
    }

    @Test
    void xcomEntriesAreCreatedReadAndUpdated() throws Exception {
        String runId = finishedOkRun();
        String base = API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/first/xcomEntries";

        Reply created = post(base, "{\"key\": \"by_hand\", \"value\": {\"rows\": [1, 2]}}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json()).containsEntry("key", "by_hand").containsEntry("map_index", -1)
                .containsEntry("task_id", "first").containsEntry("run_id", runId)
                .containsEntry("value", Map.of("rows", List.of(1, 2)));
        assertThat(ok(get(base + "/by_hand")).get("value")).isEqualTo(Map.of("rows", List.of(1, 2)));
        assertDetail(post(base, "{\"key\": \"by_hand\", \"value\": 3}"), 409,
                "The XCom with key: `by_hand` with mentioned task instance already exists.");
        // the task's own return value is an XCom too
        assertThat(post(base, "{\"key\": \"return_value\", \"value\": 3}").status()).isEqualTo(409);
        assertThat(post(base, "{\"key\": \"mapped\", \"value\": \"m\", \"map_index\": 2}").status()).isEqualTo(201);
        assertThat(ok(get(base + "/mapped?map_index=2"))).containsEntry("value", "m").containsEntry("map_index", 2);

        Map<String, Object> updated = ok(patch(base + "/by_hand", "{\"value\": \"replaced\"}"));

        assertThat(updated).containsEntry("key", "by_hand").containsEntry("value", "replaced");
        assertThat(ok(get(base + "/by_hand")).get("value")).isEqualTo("replaced");
        assertThat(ok(patch(base + "/mapped", "{\"value\": [1], \"map_index\": 2}"))).containsEntry("value", List.of(1));
        assertDetail(patch(base + "/nothing", "{\"value\": 1}"), 404,
                "The XCom with key: `nothing` with mentioned task instance doesn't exist.");
        assertDetail(patch(base + "/mapped", "{\"value\": 1}"), 404,
                "The XCom with key: `mapped` with mentioned task instance doesn't exist.");
        assertDetail(post(API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances/nope/xcomEntries",
                "{\"key\": \"k\", \"value\": 1}"), 404, "Task with ID: `nope` not found in DAG: `rest_ok`");
        assertDetail(post(API + "/dags/rest_ok/dagRuns/nope/taskInstances/first/xcomEntries",
                "{\"key\": \"k\", \"value\": 1}"), 404, "DAG Run with ID: `nope` not found for DAG: `rest_ok`");
        assertValidationError(post(base, "{\"value\": 1}"), "missing", List.of("body", "key"));
        assertValidationError(patch(base + "/by_hand", "{\"value\": 1, \"key\": \"x\"}"), "extra_forbidden",
                List.of("body", "key"));
    }

    @Test
    void aFinishedTaskInstanceIsDeletedWithItsXComs() throws Exception {
        String runId = finishedOkRun();
        String base = API + "/dags/rest_ok/dagRuns/" + enc(runId) + "/taskInstances";

        Reply deleted = delete(base + "/first");

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.text()).isEqualTo("null");
        assertThat(get(base + "/first").status()).isEqualTo(404);
        assertThat(items(ok(get(base)), "task_instances")).extracting(ti -> ti.get("task_id"))
                .containsExactly("second");
        assertThat(ok(get(base + "/first/xcomEntries")).get("total_entries")).isEqualTo(0);
        assertDetail(delete(base + "/first"), 404, "The Task Instance with dag_id: `rest_ok`, run_id: `" + runId
                + "`, task_id: `first` and map_index: `-1` was not found");
        assertThat(delete(base + "/second?map_index=3").status()).isEqualTo(404);
        assertThat(ok(get(API + "/dags/rest_ok/dagRuns/" + enc(runId)))).containsEntry("state", "success");
    }

    @Test
    void deletingARunningTaskInstanceKillsItsTryAndItsDownstreamNeverRuns() throws Exception {
        try (LogLines engine = LogLines.of("io.updraft.run.TryResults", Level.DEBUG)) {
            deleteRunning(engine);
        }
    }

    private void deleteRunning(LogLines engine) throws Exception {
        Map<String, Object> run = ok(post(API + "/dags/rest_slow/dagRuns", "{\"logical_date\": null}"));
        String runId = (String) run.get("dag_run_id");
        String base = API + "/dags/rest_slow/dagRuns/" + enc(runId) + "/taskInstances";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"running".equals(ok(get(base + "/sleeper")).get("state")) || !sleepIsAlive()) {
            assertThat(Instant.now()).as("the sleeper's process starts").isBefore(deadline);
            Thread.sleep(100);
        }

        assertThat(delete(base + "/sleeper").status()).isEqualTo(200);

        // Airflow counts the upstream tasks the DAG defines: the deleted "sleeper" is never done, so "after"
        // cannot run, nothing else can, and the scheduler fails the run as deadlocked (DagRun.update_state)
        assertThat(awaitRun(API, "rest_slow", runId)).containsEntry("state", "failed");
        // generous: on a loaded 2-core machine the kill has been seen 10.1 s after the run failed
        deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (sleepIsAlive()) {
            assertThat(Instant.now()).as("the deleted try's sleep is killed").isBefore(deadline);
            Thread.sleep(100);
        }
        // the killed try's outcome reaches the engine, which refuses it: it must not bring the row back
        engine.await("Outcome of rest_slow/" + runId + "/sleeper try 1 refused");
        assertThat(get(base + "/sleeper").status()).isEqualTo(404);
        assertThat(get(base + "/sleeper/tries").status()).isEqualTo(404);
        Map<String, Object> after = ok(get(base + "/after"));
        assertThat(after.get("state")).as("after never ran").isNull();
        assertThat(after).containsEntry("try_number", 0).containsEntry("start_date", null);
        assertThat(items(ok(get(base)), "task_instances")).extracting(ti -> ti.get("task_id"))
                .containsExactly("after");
        assertThat(ok(get(API + "/dags/rest_slow/dagRuns/" + enc(runId)))).containsEntry("state", "failed");
        // and the engine runs other runs as before
        assertThat(awaitRun(API, "rest_ok", finishedOkRun())).containsEntry("state", "success");
    }

    private static boolean sleepIsAlive() {
        return ProcessHandle.allProcesses().anyMatch(process -> process.info().commandLine()
                .or(() -> process.info().arguments().map(arguments -> String.join(" ", arguments)))
                .filter(line -> line.contains("sleep " + SLEEP_SECONDS)).isPresent());
    }
}
