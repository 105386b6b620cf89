package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
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
 * A service that runs no task itself ({@code UPDRAFT_LOCAL_QUEUES=""}) and {@code updraft worker} processes that
 * talk to it over HTTP only, as a team with GPU boxes runs them: the workers run the tasks, read XComs and variables
 * through the API, stream their logs back; a worker killed with SIGKILL takes its task processes with it, its tries
 * are failed as zombies and retried on another worker, and no task runs twice.
 */
class RemoteWorkerTest {

    private static final String WORKER_PASSWORD = "worker-secret";

    @TempDir
    Path root;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private NodeApi node;
    private String port;

    @AfterEach
    void stop() {
        processes.forEach(process -> process.toHandle().destroyForcibly());
    }

    @Test
    void workersRunTheTasksReadXComsAndVariablesThroughTheApiAndStreamTheirLogs() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Path markers = Files.createDirectories(root.resolve("markers"));
        Files.writeString(dags.resolve("remote_chain.yml"), """
                remote_chain:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: produce
                      operator: airflow.operators.bash.BashOperator
                      bash_command: "echo producing on $WORKER_TAG; echo 42"
                      outlets: ["s3://bucket/remote"]
                    - task_id: consume
                      operator: airflow.operators.bash.BashOperator
                      bash_command: "echo got {{ ti.xcom_pull(task_ids='produce') }} {{ var.value.greeting }};
                        touch %s/consume__{{ ti.try_number }}__$WORKER_TAG"
                      dependencies: [produce]
                    - task_id: in_python
                      operator: airflow.operators.python.PythonOperator
                      python_callable: remote_helpers.report
                      op_kwargs: {markers: "%s"}
                      dependencies: [consume]
                """.formatted(markers, markers));
        // a consumer of the producer's asset runs on the worker too, and sees the event the node consumed for it
        Files.writeString(dags.resolve("remote_consumer.yml"), """
                remote_consumer:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  schedule: ["s3://bucket/remote"]
                  tasks:
                    - task_id: consume_asset
                      operator: airflow.operators.bash.BashOperator
                      bash_command: "{% for uri, events in triggering_asset_events.items() %}echo event of {{ uri }}
                        from {{ events[0].source_dag_id }}.{{ events[0].source_task_id }}{% endfor %}"
                """);
        // a Python task on a worker runs as a fork of the worker's warm interpreter (issue 15), with its context
        Files.writeString(dags.resolve("remote_helpers.py"), """
                import os

                def report(markers, ti=None, **context):
                    pulled = ti.xcom_pull(task_ids="produce")
                    with open(os.path.join(markers, "python__%d__%d" % (os.getpid(), os.getppid())), "w") as out:
                        out.write("%s %s" % (pulled, context["dag_run"].run_id))
                    return "python saw " + str(pulled)
                """);
        startService(dags, Map.of());
        node.call("POST", "/api/v2/variables", "{\"key\": \"greeting\", \"value\": \"hello\"}");
        int metricsPort = GracefulShutdownTest.freePort();
        Process worker = startWorker(dags, "w1", "default", 2, "--metrics-port", Integer.toString(metricsPort));

        String run = node.trigger("remote_chain");
        awaitRunState(run, "success", 60);

        Map<String, Object> consume = node.call("GET", run + "/taskInstances/consume", null);
        assertThat(consume.get("state")).isEqualTo("success");
        assertThat(consume.get("queue")).isEqualTo("default");
        String log = node.text(run + "/taskInstances/consume/logs/1");
        assertThat(log).contains("got 42 hello");
        assertThat(node.text(run + "/taskInstances/produce/logs/1")).contains("producing on w1");
        String consumerRuns = "/api/v2/dags/remote_consumer/dagRuns";
        String consumerRun = consumerRuns + "/" + URLEncoder.encode(awaitFirstRun(consumerRuns), StandardCharsets.UTF_8);
        awaitRunState(consumerRun, "success", 60);
        assertThat(node.text(consumerRun + "/taskInstances/consume_asset/logs/1"))
                .contains("event of s3://bucket/remote from remote_chain.produce");
        List<String> marked = markerNames(markers);
        assertThat(marked).hasSize(2).contains("consume__1__w1");
        String python = marked.stream().filter(name -> name.startsWith("python__")).findFirst().orElseThrow();
        long forkServer = Long.parseLong(python.split("__")[2]);
        assertThat(ProcessHandle.of(forkServer).flatMap(p -> p.info().commandLine()).orElse(""))
                .as("the Python task's parent").contains("updraft_fork_server");
        assertThat(worker.descendants().map(ProcessHandle::pid)).as("the fork server is the worker's").contains(forkServer);
        assertThat(Files.readString(markers.resolve(python))).startsWith("42 manual__");
        assertThat(node.call("GET", run + "/taskInstances/in_python/xcomEntries/return_value", null).get("value"))
                .isEqualTo("python saw 42");
        // the worker's account may use the Task Execution API and nothing else
        String workerToken = NodeApi.login(port, "w1user", WORKER_PASSWORD).token;
        assertThat(NodeApi.send(node.base, workerToken, "GET", "/api/v2/dags", null).statusCode()).isEqualTo(403);
        assertThat(node.send("GET", "/execution/variables", null).statusCode()).as("admin").isEqualTo(200);
        // Prometheus figures on the worker and, about the workers, on the node
        String workerMetrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(workerMetrics).contains("updraft_worker_tries_taken_total 4.0");
        String nodeMetrics = http.send(HttpRequest.newBuilder(URI.create(node.base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(nodeMetrics).contains("updraft_worker_heartbeat_age_seconds{worker=\"w1\"}");
    }

    @Test
    void aKilledWorkersTriesAreFailedAsZombiesAndRetriedOnAnotherWorkerNeverTwice() throws Exception {
        int tasks = 4;
        Path dags = Files.createDirectories(root.resolve("dags"));
        Path markers = Files.createDirectories(root.resolve("markers"));
        StringBuilder yaml = new StringBuilder("""
                remote_fanout:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01, retries: 1, retry_delay: 0, queue: gpu}
                  tasks:
                """);
        for (int i = 0; i < tasks; i++) {
            yaml.append("    - {task_id: t").append(i).append(", operator: airflow.operators.bash.BashOperator, ")
                    .append("bash_command: \"sleep 4 && touch ").append(markers)
                    .append("/{{ ti.task_id }}__{{ ti.try_number }}__$WORKER_TAG\"}\n");
        }
        Files.writeString(dags.resolve("remote_fanout.yml"), yaml.toString());
        startService(dags, Map.of("UPDRAFT_ZOMBIE_THRESHOLD", "3"));
        Process doomed = startWorker(dags, "w1", "gpu", tasks);

        String run = node.trigger("remote_fanout");
        Set<Long> taskProcesses = awaitTaskProcesses(doomed, tasks);
        doomed.toHandle().destroyForcibly(); // SIGKILL: no chance to report anything
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        NodeApi.awaitGone(taskProcesses);
        startWorker(dags, "w2", "gpu", tasks);

        awaitRunState(run, "success", 90);
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        for (int i = 0; i < tasks; i++) {
            Map<String, Object> ti = node.call("GET", run + "/taskInstances/t" + i, null);
            assertThat(ti.get("try_number")).as("t" + i).isEqualTo(2);
            assertThat(node.text(run + "/taskInstances/t" + i + "/logs/1")).contains("zombie");
        }
        Map<String, List<String>> byTask = new HashMap<>();
        markerNames(markers).forEach(name -> byTask.computeIfAbsent(name.split("__")[0], t -> new ArrayList<>())
                .add(name));
        assertThat(byTask).hasSize(tasks);
        assertThat(byTask.values()).allSatisfy(names -> assertThat(names).hasSize(1)
                .allSatisfy(name -> assertThat(name).endsWith("__2__w2")));
        System.out.printf("remote workers: killed worker's run finished on the other %.1f s after the kill%n",
                seconds);
    }

    @Test
    void aTaskOnAQueueNoWorkerServesStaysQueuedAndSaysWhyInItsLog() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Files.writeString(dags.resolve("remote_nowhere.yml"), """
                remote_nowhere:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - {task_id: lonely, operator: airflow.operators.bash.BashOperator, bash_command: "true",
                       queue: nowhere}
                """);
        startService(dags, Map.of());
        startWorker(dags, "w1", "default", 1);

        String run = node.trigger("remote_nowhere");
        String lonely = run + "/taskInstances/lonely";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String log = "";
        while (System.nanoTime() < deadline && !log.contains("no live worker serves queue 'nowhere'")) {
            Thread.sleep(200);
            log = node.send("GET", lonely + "/logs/1", null).body();
        }
        assertThat(log).contains("no live worker serves queue 'nowhere'");
        assertThat(node.call("GET", lonely, null).get("state")).isEqualTo("queued");
        assertThat(node.call("GET", run, null).get("state")).isEqualTo("running");
    }

    @Test
    void sensorsWaitingOnAWorkerShowTheirStateOverRestAndADeferredTryResumesThereWithItsEvent() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Files.writeString(dags.resolve("remote_sensors.yml"), """
                remote_sensors:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: deferred
                      operator: airflow.providers.standard.sensors.date_time.DateTimeSensorAsync
                      target_time: "{{ dag_run.conf['at'] }}"
                    - task_id: rescheduled
                      operator: airflow.providers.standard.sensors.date_time.DateTimeSensor
                      target_time: "{{ dag_run.conf['at'] }}"
                      mode: reschedule
                      poke_interval: 0.5
                warm_up:
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - {task_id: t, operator: airflow.operators.bash.BashOperator, bash_command: "true"}
                """);
        startService(dags, Map.of());
        startWorker(dags, "w1", "default", 2);
        awaitRunState(node.trigger("warm_up"), "success", 60); // the worker is up: the sensors start at once
        String at = java.time.Instant.now().plusSeconds(5).toString();
        String runId = (String) node.call("POST", "/api/v2/dags/remote_sensors/dagRuns",
                "{\"logical_date\": null, \"conf\": {\"at\": \"" + at + "\"}}").get("dag_run_id");
        String run = "/api/v2/dags/remote_sensors/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
        // Airflow's REST API shows both waits while the worker holds no slot for them
        Set<String> seen = new java.util.TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !seen.containsAll(Set.of("deferred", "up_for_reschedule"))) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> tis = (List<Map<String, Object>>) node.call("GET", run + "/taskInstances", null)
                    .get("task_instances");
            tis.forEach(ti -> seen.add(ti.get("task_id") + "=" + ti.get("state")));
            tis.forEach(ti -> seen.add(String.valueOf(ti.get("state"))));
            Thread.sleep(100);
        }
        assertThat(seen).as(node.text(run + "/taskInstances/rescheduled/logs/1")).contains("deferred=deferred",
                "rescheduled=up_for_reschedule");
        // the resumed try runs on the worker with the trigger's event: it completes instead of deferring again
        awaitRunState(run, "success", 60);
        Map<String, Object> deferred = node.call("GET", run + "/taskInstances/deferred", null);
        assertThat(deferred.get("try_number")).isEqualTo(1);
        assertThat(node.text(run + "/taskInstances/deferred/logs/1")).contains("Resuming after deferral");
    }

    private void startService(Path dags, Map<String, String> more) throws Exception {
        String port = Integer.toString(GracefulShutdownTest.freePort());
        CliProcess cli = new CliProcess(root.resolve("node"), dags);
        CliProcess.Result user = cli.run("users", "create", "-u", "w1user", "-p", WORKER_PASSWORD, "-r", "worker");
        assertThat(user.exitCode()).as(user.stderr()).isZero();
        Map<String, String> env = new HashMap<>(more);
        env.putAll(Map.of("UPDRAFT_PORT", port, "UPDRAFT_ADMIN_PASSWORD", "admin-secret", "UPDRAFT_LOCAL_QUEUES", ""));
        Process service = cli.start(env, "standalone");
        processes.add(service);
        GracefulShutdownTest.awaitStarted(service, port);
        this.port = port;
        node = NodeApi.login(port, "admin", "admin-secret");
    }

    private Process startWorker(Path dags, String tag, String queues, int concurrency, String... more)
            throws Exception {
        CliProcess worker = new CliProcess(root.resolve("worker-" + tag), dags);
        List<String> args = new ArrayList<>(List.of("worker", "--api-url", node.base, "--queues", queues,
                "--concurrency", Integer.toString(concurrency), "--name", tag));
        args.addAll(List.of(more));
        Process process = worker.start(Map.of("UPDRAFT_WORKER_USER", "w1user", "UPDRAFT_WORKER_PASSWORD",
                WORKER_PASSWORD, "WORKER_TAG", tag), args.toArray(String[]::new));
        processes.add(process);
        return process;
    }

    @SuppressWarnings("unchecked")
    private String awaitFirstRun(String runs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> found = (List<Map<String, Object>>) node.call("GET", runs, null).get("dag_runs");
            if (!found.isEmpty()) {
                return (String) found.get(0).get("dag_run_id");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run of " + runs + " was created");
    }

    private void awaitRunState(String run, String state, int seconds) throws Exception {
        node.await(run, "state", state, Duration.ofSeconds(seconds), this::whatTheProcessesSaid);
    }

    private String whatTheProcessesSaid() {
        StringBuilder said = new StringBuilder("; the processes said:\n");
        processes.forEach(p -> said.append(CliProcess.read(CliProcess.err(p))).append("\n----\n"));
        return said.toString();
    }

    /** The worker's task processes, once each of the {@code count} tries has started one. */
    private static Set<Long> awaitTaskProcesses(Process worker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long sleeping = worker.descendants().filter(p -> p.info().commandLine().orElse("").contains("sleep 4"))
                    .count();
            if (sleeping >= count) {
                return worker.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the worker started no task process: " + CliProcess.read(CliProcess.err(worker)));
    }

    private static List<String> markerNames(Path markers) throws Exception {
        try (Stream<Path> files = Files.list(markers)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

}
