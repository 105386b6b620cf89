package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.updraft.store.TestDatabase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes and two remote workers on a PostgreSQL of their own, as a team runs them, and each part killed once
 * mid-run: a worker (SIGKILL), PostgreSQL (an immediate stop, then a start), the node that drives the run (SIGKILL).
 * Every task writes a marker (task, try, pid) when it completes: none is lost, none runs twice, the run succeeds.
 */
class ClusterWorkersTest {

    private static final int TASKS = 8;
    private static final String WORKER_PASSWORD = "worker-secret";

    @TempDir
    Path root;

    private final List<Process> processes = new ArrayList<>();
    private Path pgDir;
    private int pgPort;

    @AfterEach
    void stop() throws Exception {
        processes.forEach(process -> process.toHandle().destroyForcibly());
        if (pgDir != null) {
            pgCtl("stop", "-m", "immediate");
            try (Stream<Path> files = Files.walk(pgDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    @Test
    void aWorkerPostgresAndTheDrivingNodeKilledMidRunLoseNothingAndRunNoTaskTwice() throws Exception {
        assumeTrue(System.getenv(TestDatabase.PG_URL_VARIABLE) != null, "PostgreSQL tests are off: set "
                + TestDatabase.PG_URL_VARIABLE + " (bash .ci/pg-start prints it)");
        String dbUrl = startPostgres();
        Path dags = Files.createDirectories(root.resolve("dags"));
        Path markers = Files.createDirectories(root.resolve("markers"));
        StringBuilder yaml = new StringBuilder("""
                cluster_workers:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01, retries: 4, retry_delay: 0}
                  tasks:
                """);
        for (int i = 0; i < TASKS; i++) {
            yaml.append("    - {task_id: t").append(i).append(", operator: airflow.operators.bash.BashOperator, ")
                    .append("bash_command: \"sleep 6 && touch ").append(markers)
                    .append("/{{ ti.task_id }}__{{ ti.try_number }}__$$\"}\n");
        }
        Files.writeString(dags.resolve("cluster_workers.yml"), yaml.toString());
        Map<String, String> nodeEnv = Map.of("UPDRAFT_DB_URL", dbUrl, "UPDRAFT_NODE_LEASE", "5",
                "UPDRAFT_ZOMBIE_THRESHOLD", "8", "UPDRAFT_LOCAL_QUEUES", "", "UPDRAFT_ADMIN_PASSWORD", "cluster");
        CliProcess.Result user = new CliProcess(root.resolve("admin"), dags).run(Map.of("UPDRAFT_DB_URL", dbUrl),
                "users", "create", "-u", "worker", "-p", WORKER_PASSWORD, "-r", "worker");
        assertThat(user.exitCode()).as(user.stderr()).isZero();
        String portA = Integer.toString(GracefulShutdownTest.freePort());
        String portB = Integer.toString(GracefulShutdownTest.freePort());
        Process nodeA = start("node-a", dags, withPort(nodeEnv, portA), "standalone");
        Process nodeB = start("node-b", dags, withPort(nodeEnv, portB), "standalone");
        GracefulShutdownTest.awaitStarted(nodeA, portA);
        GracefulShutdownTest.awaitStarted(nodeB, portB);
        String apis = "http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB;
        Process w1 = startWorker(dags, "w1", apis);
        startWorker(dags, "w2", apis);
        NodeApi first = NodeApi.login(portA, "admin", "cluster");

        String runId = (String) first.call("POST", "/api/v2/dags/cluster_workers/dagRuns",
                "{\"logical_date\": null}").get("dag_run_id");
        String run = "/api/v2/dags/cluster_workers/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
        awaitRunning(first, run, TASKS);

        w1.toHandle().destroyForcibly();
        assertThat(w1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        pgCtl("stop", "-m", "immediate");
        Thread.sleep(1500);
        startPostgres();
        // the node that drives the run (A triggered it and took the DAG's lease) dies next, tries under way
        NodeApi survivor = NodeApi.login(portB, "admin", "cluster");
        awaitRunning(survivor, run, 1);
        nodeA.toHandle().destroyForcibly();
        assertThat(nodeA.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String state = awaitFinished(survivor, run);
        assertThat(state).as(output()).isEqualTo("success");
        Map<String, List<String>> byTask = new HashMap<>();
        try (Stream<Path> files = Files.list(markers)) {
            files.map(file -> file.getFileName().toString())
                    .forEach(name -> byTask.computeIfAbsent(name.split("__")[0], t -> new ArrayList<>()).add(name));
        }
        assertThat(byTask).hasSize(TASKS);
        assertThat(byTask.values()).allSatisfy(tries -> assertThat(tries).as("markers of one task").hasSize(1));
    }

    private String startPostgres() throws Exception {
        if (pgDir == null) {
            // not under the test's folder: PostgreSQL runs as its own user, which must reach its data directory
            pgDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "updraft-pg-");
            pgPort = GracefulShutdownTest.freePort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("..", ".ci", "pg-start").toString())
                .redirectErrorStream(true);
        builder.environment().put("UPDRAFT_PG_PORT", Integer.toString(pgPort));
        builder.environment().put("UPDRAFT_PG_DIR", pgDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(output).isZero();
        return output.lines().reduce((first, second) -> second).orElseThrow();
    }

    private void pgCtl(String... args) throws IOException, InterruptedException {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        String command = "'" + bin.resolve("pg_ctl") + "' -D '" + pgDir.resolve("data") + "' " + String.join(" ", args);
        ProcessBuilder builder = "root".equals(System.getProperty("user.name"))
                ? new ProcessBuilder("su", "postgres", "-s", "/bin/bash", "-c", command)
                : new ProcessBuilder("bash", "-c", command);
        builder.redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
    }

    private static Map<String, String> withPort(Map<String, String> env, String port) {
        Map<String, String> all = new HashMap<>(env);
        all.put("UPDRAFT_PORT", port);
        return all;
    }

    private Process start(String name, Path dags, Map<String, String> env, String... args) throws IOException {
        Process process = new CliProcess(root.resolve(name), dags).start(env, args);
        processes.add(process);
        return process;
    }

    private Process startWorker(Path dags, String name, String apis) throws IOException {
        return start("worker-" + name, dags, Map.of("UPDRAFT_WORKER_USER", "worker", "UPDRAFT_WORKER_PASSWORD",
                WORKER_PASSWORD), "worker", "--api-url", apis, "--concurrency", "4", "--name", name);
    }

    /** Waits until at least {@code count} of the run's tasks are running (on a worker). */
    private void awaitRunning(NodeApi api, String run, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                List<?> instances = (List<?>) api.call("GET", run + "/taskInstances", null).get("task_instances");
                if (instances.stream().filter(ti -> "running".equals(((Map<?, ?>) ti).get("state"))).count()
                        >= count) {
                    return;
                }
            } catch (IOException | AssertionError notYet) {
                // the store is coming back
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run's tasks never ran on the workers: " + output());
    }

    private String awaitFinished(NodeApi api, String run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Object state = null;
        while (System.nanoTime() < deadline) {
            try {
                state = api.call("GET", run, null).get("state");
                if ("success".equals(state) || "failed".equals(state)) {
                    return (String) state;
                }
            } catch (AssertionError notYet) {
                // the node is taking the run over
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the run stayed " + state + ": " + output());
    }

    private String output() {
        StringBuilder said = new StringBuilder();
        processes.forEach(p -> {
            String err = CliProcess.read(CliProcess.err(p));
            said.append(err, Math.max(0, err.length() - 3000), err.length()).append("\n----\n");
        });
        return said.toString();
    }

}
