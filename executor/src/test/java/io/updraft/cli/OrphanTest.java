package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * The scale-out issue's scenario, as a user met it: a 1,000-task DAG in `updraft standalone`, SIGKILL mid-run,
 * restart. The killed service's task processes die with it: none keeps running beside the restarted service's
 * retries. Every task writes a marker (task, try, which service) when it completes; a task has one marker, or two
 * when its first try completed in the instant between its process's end and the commit of its success that the kill
 * cut short (Airflow has the same window), never a marker of the killed service written after the kill.
 */
class OrphanTest {

    private static final int TASKS = 1000;

    @TempDir
    Path root;

    private final List<Process> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(service -> service.toHandle().destroyForcibly());
    }

    @Test
    void aThousandTaskRunKilledMidRunFinishesAfterARestartWithEveryTaskRunOnce() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Path markers = Files.createDirectories(root.resolve("markers"));
        StringBuilder yaml = new StringBuilder("""
                orphans:
                  is_paused_upon_creation: false
                  max_active_tasks: 64
                  default_args: {start_date: 2024-01-01, retries: 1, retry_delay: 0}
                  tasks:
                """);
        for (int i = 0; i < TASKS; i++) {
            yaml.append("    - {task_id: t").append(i).append(", operator: airflow.operators.bash.BashOperator, ")
                    .append("bash_command: \"sleep 0.5 && touch ").append(markers)
                    .append("/{{ ti.task_id }}__{{ ti.try_number }}__$SERVICE_GENERATION\"}\n");
        }
        Files.writeString(dags.resolve("orphans.yml"), yaml.toString());
        CliProcess node = new CliProcess(root.resolve("home"), dags);
        String port = Integer.toString(GracefulShutdownTest.freePort());
        Map<String, String> env = Map.of("UPDRAFT_PORT", port, "UPDRAFT_ADMIN_PASSWORD", "orphans");
        Process first = start(node, env, "1");
        NodeApi api = NodeApi.login(port, "admin", "orphans");
        String runId = (String) api.call("POST", "/api/v2/dags/orphans/dagRuns", "{\"logical_date\": null}")
                .get("dag_run_id");
        String run = "/api/v2/dags/orphans/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8);

        Set<Long> taskProcesses = awaitTaskProcesses(first, markers);
        first.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no drain
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.currentTimeMillis();
        NodeApi.awaitGone(taskProcesses);
        Process second = start(node, env, "2");

        String state = awaitFinished(NodeApi.login(port, "admin", "orphans"), run);
        assertThat(state).as(CliProcess.read(CliProcess.err(second))).isEqualTo("success");
        Map<String, List<String>> byTask = new HashMap<>();
        try (Stream<Path> files = Files.list(markers)) {
            files.map(file -> file.getFileName().toString())
                    .forEach(name -> byTask.computeIfAbsent(name.split("__")[0], t -> new ArrayList<>()).add(name));
        }
        assertThat(byTask).hasSize(TASKS);
        int inTheCommitWindow = 0;
        for (List<String> tries : byTask.values()) {
            for (String marker : tries) {
                if (marker.endsWith("__1")) {
                    assertThat(Files.getLastModifiedTime(markers.resolve(marker)).toMillis())
                            .as("%s: written by the killed service after the kill", marker).isLessThan(killedAt + 1000);
                }
            }
            if (tries.size() > 1) {
                assertThat(tries).as("markers of one task").hasSize(2)
                        .anyMatch(marker -> marker.contains("__1__1")).anyMatch(marker -> marker.contains("__2__2"));
                inTheCommitWindow++;
            }
        }
        System.out.printf("orphans: %d tasks, %d ran again because the kill came between their end and its commit%n",
                TASKS, inTheCommitWindow);
        assertThat(inTheCommitWindow).as("tasks ran again").isLessThan(64);
    }

    /** @param generation what the service's tasks see as $SERVICE_GENERATION */
    private Process start(CliProcess node, Map<String, String> env, String generation) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("SERVICE_GENERATION", generation);
        Process service = node.start(all, "standalone");
        services.add(service);
        GracefulShutdownTest.awaitStarted(service, env.get("UPDRAFT_PORT"));
        return service;
    }

    /** The service's task processes, once some tasks completed and others run. */
    private static Set<Long> awaitTaskProcesses(Process service, Path markers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            long sleeping = service.descendants().filter(p -> p.info().commandLine().orElse("").contains("sleep 0.5"))
                    .count();
            long done;
            try (Stream<Path> files = Files.list(markers)) {
                done = files.count();
            }
            if (sleeping >= 8 && done >= 50) {
                return service.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run's tasks never ran: " + CliProcess.read(CliProcess.err(service)));
    }

    private static String awaitFinished(NodeApi api, String run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        Object state = null;
        while (System.nanoTime() < deadline) {
            state = api.call("GET", run, null).get("state");
            if ("success".equals(state) || "failed".equals(state)) {
                return (String) state;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the run stayed " + state);
    }

}
