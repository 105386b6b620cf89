package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.LogLines;
import io.updraft.schedule.BackfillDriver;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PUT /api/v2/backfills/{id}/pause, /unpause and /cancel over real HTTP, with runs made by the real engine. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2BackfillControlTest extends RestTestSupport {

    private static final String API = "/api/v2";

    /** Paused (the default for a new DAG): its backfill runs stay queued, so the backfill waits for capacity. */
    static final String PAUSED_DAG = """
            bf_paused:
              schedule: "@daily"
              default_args:
                owner: dora
                start_date: 2024-01-01
              tasks:
                - task_id: only
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo {{ ds }}"
            """;

    /** Unpaused, one run at a time, a task that outlasts the test; end_date keeps the scheduler out of it. */
    static final String SLOW_DAG = """
            bf_slow:
              schedule: "@daily"
              is_paused_upon_creation: false
              max_active_runs: 1
              default_args:
                owner: dora
                start_date: 2024-01-01
                end_date: 2024-01-31
              tasks:
                - task_id: long
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "sleep 60"
            """;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Override
    protected Map<String, String> dagFiles() {
        return Map.of("bf_paused.yml", PAUSED_DAG, "bf_slow.yml", SLOW_DAG);
    }

    private static String body(String dagId, String from, String to, int maxActiveRuns) {
        return "{\"dag_id\": \"" + dagId + "\", \"from_date\": \"" + from + "T00:00:00Z\", \"to_date\": \"" + to
                + "T00:00:00Z\", \"max_active_runs\": " + maxActiveRuns + "}";
    }

    private List<Map<String, Object>> backfillRuns(String dagId) {
        return items(ok(get(API + "/dags/" + dagId + "/dagRuns?run_type=backfill&order_by=logical_date")),
                "dag_runs");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aPausedBackfillCreatesNoRunUntilUnpausedAndCancelFailsItsQueuedRuns() throws Exception {
        try (LogLines driver = LogLines.of(BackfillDriver.class, Level.INFO)) {
            pausedThenCancelled(driver);
        }
    }

    private void pausedThenCancelled(LogLines driver) throws Exception {
        Map<String, Object> created = ok(post(API + "/backfills", body("bf_paused", "2024-02-01", "2024-02-05", 2)));
        Object id = created.get("id");
        // the DAG is paused, so its two runs stay queued and the backfill waits for capacity
        await("two queued runs", () -> backfillRuns("bf_paused").size() == 2);

        Map<String, Object> paused = ok(send(HttpRequest.PUT(API + "/backfills/" + id + "/pause", "")));
        assertThat(paused).containsEntry("id", id).containsEntry("is_paused", true).containsEntry("completed_at", null);
        assertThat(ok(get(API + "/backfills/" + id))).containsEntry("is_paused", true);

        // capacity frees up, but a paused backfill creates nothing: it finds itself paused and says so
        String first = (String) backfillRuns("bf_paused").get(0).get("dag_run_id");
        ok(patch(API + "/dags/bf_paused/dagRuns/" + enc(first), "{\"state\": \"failed\"}"));
        driver.await("Backfill " + id + " of bf_paused is paused");
        assertThat(backfillRuns("bf_paused")).hasSize(2);

        Map<String, Object> unpaused = ok(send(HttpRequest.PUT(API + "/backfills/" + id + "/unpause", "")));
        assertThat(unpaused).containsEntry("is_paused", false);
        await("a third run once unpaused", () -> backfillRuns("bf_paused").size() == 3);

        Map<String, Object> cancelled = ok(send(HttpRequest.PUT(API + "/backfills/" + id + "/cancel", "")));
        assertThat(cancelled).containsEntry("is_paused", true);
        assertThat(cancelled.get("completed_at")).isNotNull();
        // every queued run of the backfill failed, and no run is created after the cancel: the freed capacity
        // lets the backfill look again, and it stops
        driver.await("Backfill " + id + " of bf_paused was cancelled");
        List<Map<String, Object>> runs = backfillRuns("bf_paused");
        assertThat(runs).hasSize(3).allSatisfy(run -> assertThat(run).containsEntry("state", "failed"));
        assertThat(runs).extracting(run -> run.get("logical_date")).containsExactly("2024-02-01T00:00:00+00:00",
                "2024-02-02T00:00:00+00:00", "2024-02-03T00:00:00+00:00");

        assertDetail(send(HttpRequest.PUT(API + "/backfills/" + id + "/cancel", "")), 409,
                "Backfill is already completed.");
        assertDetail(send(HttpRequest.PUT(API + "/backfills/" + id + "/pause", "")), 409,
                "Backfill is already completed.");
        assertDetail(send(HttpRequest.PUT(API + "/backfills/" + id + "/unpause", "")), 409,
                "Backfill is already completed.");
    }

    @Test
    void cancelLeavesARunningRunAloneAndFailsTheQueuedOne() throws Exception {
        try (LogLines driver = LogLines.of(BackfillDriver.class, Level.INFO)) {
            cancelledWhileRunning(driver);
        }
    }

    private void cancelledWhileRunning(LogLines driver) throws Exception {
        Map<String, Object> created = ok(post(API + "/backfills", body("bf_slow", "2024-01-10", "2024-01-14", 2)));
        Object id = created.get("id");
        // the DAG runs one run at a time: the first runs (sleeping), the second waits queued
        await("one running and one queued run", () -> {
            List<Map<String, Object>> runs = backfillRuns("bf_slow");
            return runs.size() == 2 && "running".equals(runs.get(0).get("state"))
                    && "queued".equals(runs.get(1).get("state"));
        });

        Map<String, Object> cancelled = ok(send(HttpRequest.PUT(API + "/backfills/" + id + "/cancel", "")));

        assertThat(cancelled.get("completed_at")).isNotNull();
        driver.await("Backfill " + id + " of bf_slow was cancelled");
        List<Map<String, Object>> runs = backfillRuns("bf_slow");
        assertThat(runs).extracting(run -> run.get("state")).containsExactly("running", "failed");
        // the failed run's task instance was never started: cancel does not touch task instances
        String queued = (String) runs.get(1).get("dag_run_id");
        assertThat(items(ok(get(API + "/dags/bf_slow/dagRuns/" + enc(queued) + "/taskInstances")), "task_instances"))
                .extracting(ti -> ti.get("state")).containsOnlyNulls();
        // clean up: the running run would otherwise sleep a minute
        ok(patch(API + "/dags/bf_slow/dagRuns/" + enc((String) runs.get(0).get("dag_run_id")),
                "{\"state\": \"failed\"}"));
    }

    @Test
    void unknownAndBadIdsAndRoles() {
        assertDetail(send(HttpRequest.PUT(API + "/backfills/987654/pause", "")), 404,
                "Could not find backfill with id 987654");
        assertDetail(send(HttpRequest.PUT(API + "/backfills/987654/cancel", "")), 404,
                "Could not find backfill with id 987654");
        assertValidationError(send(HttpRequest.PUT(API + "/backfills/abc/pause", "")), "int_parsing",
                List.of("path", "backfill_id"));

        String userToken = token("bf-user", Role.USER);
        String viewerToken = token("bf-viewer", Role.VIEWER);
        assertThat(send(HttpRequest.PUT(API + "/backfills/987654/unpause", "").bearerAuth(viewerToken)).status())
                .isEqualTo(403);
        // a user may: the call gets past authorization to the lookup
        assertThat(send(HttpRequest.PUT(API + "/backfills/987654/unpause", "").bearerAuth(userToken)).status())
                .isEqualTo(404);
    }

    private String token(String name, Role role) {
        users.save(new User(name, hasher.hash("pw-" + name), role));
        Reply reply = post("/auth/token", "{\"username\": \"" + name + "\", \"password\": \"pw-" + name + "\"}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return (String) reply.json().get("access_token");
    }
}
