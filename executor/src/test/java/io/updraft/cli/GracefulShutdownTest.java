package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.config.UpdraftConfig;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import io.updraft.store.Database;
import io.updraft.job.Job;
import io.updraft.store.JdbiJobStore;
import io.updraft.store.JdbiRunStore;
import io.updraft.job.JobStore;
import io.updraft.store.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ({@link Process#destroy()}) stops `updraft standalone` and `updraft scheduler`, started as their own
 * processes, gracefully while a task runs: the process exits soon and cleanly, the running try is handed back
 * (killed, and recorded as failed: up_for_retry with retries left, else failed), the job's end is recorded, and a
 * restarted service finishes the run. The store is opened beside the running service, as the CLI does.
 */
class GracefulShutdownTest {

    @TempDir
    Path root;

    @Test
    void standaloneOnH2HandsBackTheRunningTryAndARestartFinishesTheRun() throws Exception {
        UpdraftConfig store = UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString()));
        stopMidRunThenRestart(store, Map.of(), "H2");
    }

    @Test
    void standaloneOnPostgresHandsBackTheRunningTryAndARestartFinishesTheRun() throws Exception {
        try (TestDatabase postgres = TestDatabase.postgres()) {
            stopMidRunThenRestart(postgres.config(), Map.of("UPDRAFT_DB_URL", postgres.config().dbUrl()),
                    "PostgreSQL");
        }
    }

    @Test
    void schedulerRecordsAHandedBackTryWithoutRetriesAsFailedAndFinishesTheRun() throws Exception {
        UpdraftConfig store = UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString()));
        CliProcess updraft = updraft();
        Process scheduler = updraft.start("scheduler");
        DagRun run = triggerAndAwaitRunningTask(updraft, store, Map.of(), "slow_without_retry", scheduler,
                null);

        stopGracefully(scheduler, "scheduler on H2 (task running)");

        try (Database db = Database.open(store)) {
            JdbiRunStore runs = new JdbiRunStore(db);
            assertThat(runs.findRun(run.dagId(), run.runId()).orElseThrow().state()).isEqualTo(RunState.FAILED);
            assertThat(runs.taskInstances(run.dagId(), run.runId())).extracting(ti -> ti.taskId() + "=" + ti.state())
                    .containsExactlyInAnyOrder("slow=FAILED", "after=UPSTREAM_FAILED");
            assertEnded(new JdbiJobStore(db), slow(runs, run));
        }
    }

    private void stopMidRunThenRestart(UpdraftConfig store, Map<String, String> dbEnvironment, String storeName)
            throws Exception {
        CliProcess updraft = updraft();
        Map<String, String> service = new HashMap<>(dbEnvironment);
        service.put("UPDRAFT_PORT", Integer.toString(freePort()));
        service.put("UPDRAFT_ADMIN_PASSWORD", "graceful");
        Process first = updraft.start(service, "standalone");
        DagRun run = triggerAndAwaitRunningTask(updraft, store, dbEnvironment, "slow_with_retry", first,
                service.get("UPDRAFT_PORT"));

        stopGracefully(first, "standalone on " + storeName + " (task running)");

        try (Database db = Database.open(store)) {
            JdbiRunStore runs = new JdbiRunStore(db);
            TaskInstance slow = slow(runs, run);
            assertThat(slow.state()).isEqualTo(TaskState.UP_FOR_RETRY);
            assertThat(slow.tryNumber()).isEqualTo(1);
            assertThat(slow.endDate()).isNotNull();
            // the try to be retried is in the history, as failed (Airflow's record_ti)
            assertThat(runs.tries(slow.key())).extracting(TaskInstance::state).containsExactly(TaskState.FAILED);
            assertThat(runs.findRun(run.dagId(), run.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
            assertEnded(new JdbiJobStore(db), slow);
        }

        Process second = updraft.start(service, "standalone");
        // not before it runs: an H2 open racing the service's (AUTO_SERVER) may find a server that just went away
        awaitStarted(second, service.get("UPDRAFT_PORT"));
        assertStartupBlock(second, service.get("UPDRAFT_PORT"));
        DagRun finished = awaitRunFinished(store, run, second);
        stopGracefully(second, "standalone on " + storeName + " (idle)");

        assertThat(finished.state()).isEqualTo(RunState.SUCCESS);
        try (Database db = Database.open(store)) {
            JdbiRunStore runs = new JdbiRunStore(db);
            TaskInstance slow = slow(runs, run);
            assertThat(slow.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(slow.tryNumber()).isEqualTo(2);
            assertThat(runs.tries(slow.key())).extracting(TaskInstance::state, TaskInstance::tryNumber)
                    .containsExactly(tuple(TaskState.FAILED, 1));
            assertThat(runs.findTaskInstance(TaskInstanceKey.of(run.dagId(), run.runId(), "after")).orElseThrow()
                    .state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    private CliProcess updraft() throws IOException {
        Path dags = Files.createDirectories(root.resolve("dags"));
        CliProcess.copyDags(dags);
        return new CliProcess(root.resolve("home"), dags);
    }

    /**
     * Queues a run with `updraft dags trigger` beside the running process and waits until its task 'slow' runs
     * its bash command.
     */
    private DagRun triggerAndAwaitRunningTask(CliProcess updraft, UpdraftConfig store,
                                              Map<String, String> dbEnvironment, String dagId, Process service,
                                              String port) throws Exception {
        awaitStarted(service, port);
        CliProcess.Result trigger = updraft.run(dbEnvironment, "dags", "trigger", dagId);
        assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertAlive(service);
            try (Database db = Database.open(store)) {
                JdbiRunStore runs = new JdbiRunStore(db);
                List<DagRun> found = runs.findRuns(dagId, Set.of(), 1, 0);
                if (!found.isEmpty() && slow(runs, found.get(0)).state() == TaskState.RUNNING
                        && sleepOf(service).isPresent()) {
                    return found.get(0);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("task 'slow' of " + dagId + " never ran: " + output(service));
    }

    /** Up: the scheduler says so once its engine runs; the service answers its health check. */
    static void awaitStarted(Process service, String port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertAlive(service);
            if (port == null && output(service).contains("Scheduler started")) {
                return;
            }
            if (port != null) {
                try {
                    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v2/monitor/health")).build();
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // the port is not open yet
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not start: " + output(service));
    }

    /** Standard output (a file here, not a terminal) holds the start-up block, without escape codes. */
    private static void assertStartupBlock(Process service, String port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String out = CliProcess.read(CliProcess.out(service));
        while (!out.contains("Stop it with Ctrl-C") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            out = CliProcess.read(CliProcess.out(service));
        }
        assertThat(out).contains("Updraft is ready", "Web UI and REST API: http://localhost:" + port + "/",
                "Sign in as:          admin", "Password:            set from UPDRAFT_ADMIN_PASSWORD", "DAGs folder:")
                .doesNotContain("\u001b");
    }

    /** SIGTERM, then: a prompt exit with code 0, nothing killed left behind, and no error in the output. */
    private static void stopGracefully(Process service, String command) throws Exception {
        Optional<ProcessHandle> sleep = sleepOf(service);
        long sent = System.nanoTime();
        service.destroy(); // SIGTERM
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        System.out.println("GracefulShutdownTest: updraft " + command + " exited " + stopMillis
                + " ms after SIGTERM");
        String output = output(service);
        assertThat(service.exitValue()).as(output).isZero();
        assertThat(output).contains("Received SIGTERM: stopping")
                .doesNotContain("Database is already closed")
                .doesNotContain("Exception")
                .doesNotContainPattern("(?m)^\\s+at ")
                .doesNotContainPattern("(?m) (ERROR|WARN) ");
        sleep.ifPresent(process -> assertThat(process.onExit()).as("the task's process was killed")
                .succeedsWithin(Duration.ofSeconds(10)));
    }

    private static DagRun awaitRunFinished(UpdraftConfig store, DagRun run, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertAlive(service);
            try (Database db = Database.open(store)) {
                Optional<DagRun> now = new JdbiRunStore(db).findRun(run.dagId(), run.runId());
                if (now.isPresent() && now.get().state().isFinished()) {
                    return now.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run did not finish after the restart: " + output(service));
    }

    private static void assertEnded(JobStore jobs, TaskInstance handedBack) {
        Job job = jobs.find(handedBack.jobId()).orElseThrow();
        assertThat(job.state()).as("the engine job's end is recorded").isEqualTo(JobStore.SUCCESS);
        assertThat(job.endDate()).isNotNull();
    }

    private static TaskInstance slow(JdbiRunStore runs, DagRun run) {
        return runs.findTaskInstance(TaskInstanceKey.of(run.dagId(), run.runId(), "slow")).orElseThrow();
    }

    /** The `sleep 120` of task 'slow', a descendant of the service. */
    private static Optional<ProcessHandle> sleepOf(Process service) {
        return service.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .findFirst();
    }

    private static void assertAlive(Process service) {
        if (!service.isAlive()) {
            throw new AssertionError("the service exited early: " + output(service));
        }
    }

    private static String output(Process service) {
        return CliProcess.read(CliProcess.out(service)) + CliProcess.read(CliProcess.err(service));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
