package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.config.UpdraftConfig;
import io.updraft.json.Json;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import io.updraft.store.Database;
import io.updraft.store.JdbiRunStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that dies mid-run loses nothing: `dags test` is killed with SIGKILL while a task runs; `scheduler`
 * started afterwards finds the task instance held by the dead process, retries or fails it by its retries, and
 * finishes the run. And every run whose trigger was answered is in the store after `standalone` is killed.
 */
class CrashRecoveryTest {

    @TempDir
    Path root;

    @Test
    void aTaskHeldByAKilledProcessIsRetriedAndTheRunFinishes() throws Exception {
        DagRun run = killMidRunThenRecover("slow_with_retry");

        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        try (Database db = Database.open(config())) {
            JdbiRunStore store = new JdbiRunStore(db);
            TaskInstance slow = store.findTaskInstance(TaskInstanceKey.of(run.dagId(), run.runId(), "slow")).orElseThrow();
            assertThat(slow.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(slow.tryNumber()).isEqualTo(2);
            assertThat(store.tries(slow.key())).extracting(TaskInstance::state, TaskInstance::tryNumber)
                    .containsExactly(tuple(TaskState.FAILED, 1));
            assertThat(store.findTaskInstance(TaskInstanceKey.of(run.dagId(), run.runId(), "after")).orElseThrow()
                    .state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void aTaskWithoutRetriesHeldByAKilledProcessFailsAndSoDoesTheRun() throws Exception {
        DagRun run = killMidRunThenRecover("slow_without_retry");

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        try (Database db = Database.open(config())) {
            JdbiRunStore store = new JdbiRunStore(db);
            assertThat(store.taskInstances(run.dagId(), run.runId())).extracting(ti -> ti.taskId() + "=" + ti.state())
                    .containsExactlyInAnyOrder("slow=FAILED", "after=UPSTREAM_FAILED");
        }
    }

    @Test
    void everyTriggerAnsweredBeforeAKillIsStored() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        CliProcess.copyDags(dags);
        String port = Integer.toString(GracefulShutdownTest.freePort());
        Process service = new CliProcess(root.resolve("home"), dags).start(
                Map.of("UPDRAFT_PORT", port, "UPDRAFT_ADMIN_PASSWORD", "crash"), "standalone");
        GracefulShutdownTest.awaitStarted(service, port);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        String token = (String) Json.readObject(http.send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"admin\", \"password\": \"crash\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).get("access_token");
        HttpRequest trigger = HttpRequest.newBuilder(URI.create(base + "/api/v2/dags/queued_only/dagRuns"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"logical_date\": null}")).build();

        // concurrent clients, then SIGKILL at once after the last answer: no time for a delayed write
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            calls.add(() -> {
                HttpResponse<String> answer = http.send(trigger, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                return (String) Json.readObject(answer.body()).get("dag_run_id");
            });
        }
        List<String> answered = new ArrayList<>();
        for (Future<String> call : clients.invokeAll(calls)) {
            answered.add(call.get());
        }
        service.toHandle().destroyForcibly();
        clients.shutdown();
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (Database db = Database.open(config())) {
            JdbiRunStore store = new JdbiRunStore(db);
            assertThat(store.findRuns("queued_only", Set.of(), 1000, 0)).extracting(DagRun::runId)
                    .containsExactlyInAnyOrderElementsOf(answered);
        }
    }

    private UpdraftConfig config() {
        return UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString()));
    }

    private DagRun killMidRunThenRecover(String dagId) throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        CliProcess.copyDags(dags);
        CliProcess updraft = new CliProcess(root.resolve("home"), dags);

        Process doomed = updraft.start("dags", "test", dagId);
        waitUntilRunning(dagId, doomed);
        List<ProcessHandle> children = doomed.descendants().toList();
        doomed.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the task's processes die with their engine (a parent-death signal), not run on beside the retry
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(children).as("processes of the killed engine's task").noneMatch(ProcessHandle::isAlive);

        CliProcess.Result scheduler = updraft.run("scheduler", "--exit-when-idle");
        assertThat(scheduler.exitCode()).as(scheduler.stderr()).isZero();
        try (Database db = Database.open(config())) {
            return new JdbiRunStore(db).findRuns(dagId, Set.of(), 10, 0).get(0);
        }
    }

    private void waitUntilRunning(String dagId, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("dags test ended early: " + CliProcess.read(CliProcess.err(process)));
            }
            if (Files.exists(root.resolve("home").resolve("updraft.mv.db"))) {
                try (Database db = Database.open(config())) {
                    List<DagRun> runs = new JdbiRunStore(db).findRuns(dagId, Set.of(), 1, 0);
                    if (!runs.isEmpty() && new JdbiRunStore(db).taskInstances(dagId, runs.get(0).runId()).stream()
                            .anyMatch(ti -> ti.taskId().equals("slow") && ti.state() == TaskState.RUNNING)) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("task 'slow' of " + dagId + " never ran");
    }
}
