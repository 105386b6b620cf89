package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.store.Database;
import io.updraft.store.JdbiRunStore;
import io.updraft.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `updraft scheduler` nodes on one PostgreSQL database, as a team runs them: a run is driven by one node; when
 * that node is killed with SIGKILL mid-run, its task processes die with it and the other node takes the run over,
 * retries the lost tries, and finishes it. Every task writes a marker (task, try, pid) when it completes: none is
 * lost and none runs twice.
 */
class ClusterTest {

    private static final int TASKS = 16;

    @TempDir
    Path root;

    private final List<Process> nodes = new ArrayList<>();
    private TestDatabase database;

    @AfterEach
    void stop() {
        nodes.forEach(node -> node.toHandle().destroyForcibly());
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aKilledNodesRunIsTakenOverAndEveryTaskRunsExactlyOnce() throws Exception {
        database = TestDatabase.postgres();
        Path markers = Files.createDirectories(root.resolve("markers"));
        Path dags = Files.createDirectories(root.resolve("dags"));
        Files.writeString(dags.resolve("cluster_fanout.yml"), fanout(markers));
        Map<String, String> env = Map.of("UPDRAFT_DB_URL", database.config().dbUrl(), "UPDRAFT_NODE_LEASE", "5");
        CliProcess first = new CliProcess(root.resolve("node-a"), dags);
        CliProcess second = new CliProcess(root.resolve("node-b"), dags);
        nodes.add(first.start(env, "scheduler"));
        nodes.add(second.start(env, "scheduler"));

        CliProcess.Result trigger = first.run(env, "dags", "trigger", "cluster_fanout");
        assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
        DagRun run = awaitRunning();
        Set<String> runningAtKill = runningTasks(run);
        Process owner = nodeOwning(run);
        Process survivor = nodes.get(0) == owner ? nodes.get(1) : nodes.get(0);
        Set<Long> taskPids = awaitTaskProcesses(owner);

        owner.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no drain
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        awaitGone(taskPids);

        DagRun finished = awaitFinished(run);
        double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
        assertThat(finished.state()).as(CliProcess.read(CliProcess.err(survivor))).isEqualTo(RunState.SUCCESS);
        try (Database db = Database.open(database.config())) {
            List<TaskInstance> instances = new JdbiRunStore(db).taskInstances("cluster_fanout", run.runId());
            assertThat(instances).hasSize(TASKS).allSatisfy(ti -> assertThat(ti.state()).isEqualTo(TaskState.SUCCESS));
            // a try running when its node died died with it: the other node ran the task again
            assertThat(instances).filteredOn(ti -> runningAtKill.contains(ti.taskId())).allSatisfy(ti -> {
                assertThat(ti.tryNumber()).isEqualTo(2);
                assertThat(ti.pid()).isEqualTo((int) survivor.pid());
            });
        }
        Map<String, List<String>> byTask = markersByTask(markers);
        assertThat(byTask).hasSize(TASKS);
        assertThat(byTask.values()).allSatisfy(tries -> assertThat(tries).as("markers of one task").hasSize(1));
        System.out.printf("cluster: run taken over and finished %.1f s after its node was killed%n",
                takeoverSeconds);
    }

    @Test
    void aChangeAskedOfAnotherNodeIsAppliedByTheNodeThatDrivesTheRun() throws Exception {
        database = TestDatabase.postgres();
        Path dags = Files.createDirectories(root.resolve("dags"));
        Files.writeString(dags.resolve("cluster_hold.yml"), """
                cluster_hold:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - {task_id: hold, operator: airflow.operators.bash.BashOperator, bash_command: "sleep 300"}
                    - {task_id: after, operator: airflow.operators.bash.BashOperator, bash_command: "echo after",
                       dependencies: [hold]}
                """);
        NodeApi first = startService(dags, "node-a");
        NodeApi second = startService(dags, "node-b");

        String runId = (String) first.call("POST", "/api/v2/dags/cluster_hold/dagRuns", "{\"logical_date\": null}")
                .get("dag_run_id");
        String run = "/api/v2/dags/cluster_hold/dagRuns/" + java.net.URLEncoder.encode(runId,
                java.nio.charset.StandardCharsets.UTF_8);
        String hold = run + "/taskInstances/hold";
        second.await(hold, "state", "running");

        // the node that does not drive the run is asked: it hands the change to the one that does
        Map<String, Object> marked = second.call("PATCH", hold, "{\"new_state\": \"success\"}");

        assertThat(marked.get("task_instances").toString()).contains("state=success");
        second.await(run, "state", "success");
        Map<String, Object> after = second.call("GET", run + "/taskInstances/after", null);
        assertThat(((Number) after.get("pid")).longValue()).as("after ran on the node driving the run")
                .isEqualTo(nodes.get(0).pid());
    }

    @Test
    void aPoolHoldsAcrossNodes() throws Exception {
        database = TestDatabase.postgres();
        Path dags = Files.createDirectories(root.resolve("dags"));
        for (String dag : List.of("pooled_a", "pooled_b")) {
            StringBuilder yaml = new StringBuilder(dag + ":\n  is_paused_upon_creation: false\n"
                    + "  default_args: {start_date: 2024-01-01, pool: shared}\n  tasks:\n");
            for (int i = 0; i < 4; i++) {
                yaml.append("    - {task_id: t").append(i).append(", operator: airflow.operators.bash.BashOperator, ")
                        .append("bash_command: \"sleep 2\"}\n");
            }
            Files.writeString(dags.resolve(dag + ".yml"), yaml.toString());
        }
        NodeApi first = startService(dags, "node-a");
        NodeApi second = startService(dags, "node-b");
        first.call("POST", "/api/v2/pools", "{\"name\": \"shared\", \"slots\": 2}");

        // each node takes the lease of the DAG it triggers, so both admit tries into the one pool
        String runA = "/api/v2/dags/pooled_a/dagRuns/" + java.net.URLEncoder.encode((String) first.call("POST",
                "/api/v2/dags/pooled_a/dagRuns", "{\"logical_date\": null}").get("dag_run_id"), "UTF-8");
        String runB = "/api/v2/dags/pooled_b/dagRuns/" + java.net.URLEncoder.encode((String) second.call("POST",
                "/api/v2/dags/pooled_b/dagRuns", "{\"logical_date\": null}").get("dag_run_id"), "UTF-8");
        int most = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Database db = Database.open(database.config())) {
            while (System.nanoTime() < deadline && !(finished(first, runA) && finished(first, runB))) {
                int executing = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM task_instance WHERE pool = 'shared' AND state IN ('queued', 'running')")
                        .mapTo(Integer.class).one());
                most = Math.max(most, executing);
                Thread.sleep(20);
            }
            assertThat(first.call("GET", runA, null).get("state")).isEqualTo("success");
            assertThat(first.call("GET", runB, null).get("state")).isEqualTo("success");
            // the job each try ran under stays on the row: both nodes must have run tries of the one pool
            List<Map<String, Object>> runOwners = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT dag_id, owner_job_id FROM dag_run ORDER BY dag_id").mapToMap().list());
            Set<Long> tryOwners = Set.copyOf(db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT DISTINCT job_id FROM task_instance WHERE pool = 'shared' AND job_id IS NOT NULL")
                    .mapTo(Long.class).list()));
            assertThat(tryOwners).as("jobs that ran tries of the pool (the runs' owners: %s)", runOwners).hasSize(2);
        }
        assertThat(most).as("tries in the 2-slot pool at once, across both nodes").isBetween(1, 2);
    }

    private static boolean finished(NodeApi api, String run) throws Exception {
        Object state = api.call("GET", run, null).get("state");
        return "success".equals(state) || "failed".equals(state);
    }

    /** One `updraft standalone` node of the cluster and its REST API. */
    private NodeApi startService(Path dags, String name) throws Exception {
        String port = Integer.toString(GracefulShutdownTest.freePort());
        Process service = new CliProcess(root.resolve(name), dags).start(Map.of("UPDRAFT_DB_URL",
                database.config().dbUrl(), "UPDRAFT_PORT", port, "UPDRAFT_ADMIN_PASSWORD", "cluster"), "standalone");
        nodes.add(service);
        GracefulShutdownTest.awaitStarted(service, port);
        return NodeApi.login(port, "admin", "cluster");
    }

    private static String fanout(Path markers) {
        StringBuilder yaml = new StringBuilder("""
                cluster_fanout:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01, retries: 2, retry_delay: 0}
                  tasks:
                """);
        for (int i = 0; i < TASKS; i++) {
            yaml.append("    - task_id: t").append(i).append('\n')
                    .append("      operator: airflow.operators.bash.BashOperator\n")
                    .append("      bash_command: \"sleep 10 && touch ").append(markers)
                    .append("/{{ ti.task_id }}__{{ ti.try_number }}__$$\"\n");
        }
        return yaml.toString();
    }

    /** Waits until half of the run's tasks are running (task processes start over some time on a busy machine). */
    private DagRun awaitRunning() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Database db = Database.open(database.config())) {
                JdbiRunStore store = new JdbiRunStore(db);
                List<DagRun> runs = store.findRuns("cluster_fanout", Set.of(), 1, 0);
                if (!runs.isEmpty() && store.taskInstances("cluster_fanout", runs.get(0).runId()).stream()
                        .filter(ti -> ti.state() == TaskState.RUNNING).count() >= TASKS / 2) {
                    return runs.get(0);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run's tasks never ran; the nodes said:\n" + output(nodes.get(0)) + "\n"
                + output(nodes.get(1)));
    }

    private static String output(Process node) {
        String out = CliProcess.read(CliProcess.out(node));
        return CliProcess.read(CliProcess.err(node)) + out.substring(Math.max(0, out.length() - 4000));
    }

    private Set<String> runningTasks(DagRun run) {
        try (Database db = Database.open(database.config())) {
            return new JdbiRunStore(db).taskInstances("cluster_fanout", run.runId()).stream()
                    .filter(ti -> ti.state() == TaskState.RUNNING).map(TaskInstance::taskId)
                    .collect(Collectors.toSet());
        }
    }

    /** The node whose engine job drives the run: the job's pid is the node's. */
    private Process nodeOwning(DagRun run) throws Exception {
        try (Database db = Database.open(database.config())) {
            long pid = db.jdbi().withHandle(h -> h.createQuery("""
                            SELECT j.pid FROM dag_run r JOIN job j ON j.id = r.owner_job_id WHERE r.id = :id""")
                    .bind("id", run.id()).mapTo(Long.class).one());
            return nodes.stream().filter(node -> node.pid() == pid).findFirst().orElseThrow();
        }
    }

    /** The processes of the node's running tries: each starts just after its running state is committed. */
    private static Set<Long> awaitTaskProcesses(Process node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Set<Long> pids = node.descendants().filter(p -> p.info().commandLine().orElse("").contains("sleep 10"))
                    .map(ProcessHandle::pid).collect(Collectors.toSet());
            if (!pids.isEmpty()) {
                return node.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the node's tasks started no process");
    }

    private static void awaitGone(Set<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task processes outlived their killed node: " + pids.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList());
    }

    private DagRun awaitFinished(DagRun run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (Database db = Database.open(database.config())) {
                DagRun now = new JdbiRunStore(db).findRun("cluster_fanout", run.runId()).orElseThrow();
                if (now.state().isFinished()) {
                    return now;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run never finished after its node was killed");
    }

    private static Map<String, List<String>> markersByTask(Path markers) throws Exception {
        Map<String, List<String>> byTask = new HashMap<>();
        try (Stream<Path> files = Files.list(markers)) {
            files.map(file -> file.getFileName().toString())
                    .forEach(name -> byTask.computeIfAbsent(name.split("__")[0], t -> new ArrayList<>()).add(name));
        }
        return byTask;
    }
}
