package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI writes beside a running `updraft standalone` on the embedded store, as an operator types them: the service
 * drives its runs, so `tasks clear` and `dags delete` hand their changes to it (as Airflow's CLI leaves the work to
 * the scheduler) instead of refusing, or running the tasks in the CLI's own process.
 */
class CliBesideServiceTest {

    @TempDir
    Path root;

    private Process service;
    private NodeApi node;

    @AfterEach
    void stop() {
        if (service != null) {
            service.toHandle().destroyForcibly();
        }
    }

    @Test
    void tasksClearHandsTheClearToTheServiceWhichRunsTheTasksAgain() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Path markers = Files.createDirectories(root.resolve("markers"));
        Files.writeString(dags.resolve("flaky.yml"), """
                flaky:
                  schedule: None
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: check
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: "touch %s/check__{{ ti.try_number }}__$RUN_BY; echo {{ var.value.ready }}"
                    - task_id: report
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: "echo report"
                      dependencies: [check]
                """.formatted(markers));
        CliProcess cli = startService(dags);
        String run = node.trigger("flaky");
        node.await(run, "state", "failed");

        assertThat(cli.run("variables", "set", "ready", "yes").exitCode()).isZero();
        CliProcess.Result cleared = cli.run(Map.of("RUN_BY", "cli"), "tasks", "clear", "flaky", "-t", "^check$",
                "-d", "-y");

        assertThat(cleared.exitCode()).as(cleared.stderr()).isZero();
        assertThat(cleared.stdout()).contains("Cleared 2 task instance(s) in 1 run(s)")
                .doesNotContain("finished"); // the service runs them: the CLI does not wait, as Airflow's
        node.await(run, "state", "success");
        // try 1 failed on its template (no variable yet) before its command ran; try 2 ran in the service
        assertThat(markerNames(markers)).containsExactly("check__2__service");
        assertThat(node.call("GET", run + "/taskInstances/report", null).get("try_number")).isEqualTo(1);
    }

    @Test
    void dagsDeleteHasTheServiceDeleteAnUnfinishedRunAndKillItsTask() throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Files.writeString(dags.resolve("slow.yml"), """
                slow:
                  schedule: None
                  is_paused_upon_creation: false
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: wait
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: "sleep 300"
                """);
        CliProcess cli = startService(dags);
        String run = node.trigger("slow");
        node.await(run, "state", "running");
        Set<Long> sleeping = awaitSleep();

        CliProcess.Result deleted = cli.run("dags", "delete", "slow", "-y");

        assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
        assertThat(deleted.stdout()).contains("Removed 2 record(s)");
        assertThat(node.send("GET", run, null).statusCode()).isEqualTo(404);
        NodeApi.awaitGone(sleeping);
    }

    private CliProcess startService(Path dags) throws Exception {
        String port = Integer.toString(GracefulShutdownTest.freePort());
        CliProcess cli = new CliProcess(root.resolve("home"), dags);
        service = cli.start(Map.of("UPDRAFT_PORT", port, "UPDRAFT_ADMIN_PASSWORD", "admin-secret",
                "RUN_BY", "service"), "standalone");
        GracefulShutdownTest.awaitStarted(service, port);
        node = NodeApi.login(port, "admin", "admin-secret");
        return cli;
    }

    private Set<Long> awaitSleep() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Set<Long> sleeping = service.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("sleep 300"))
                    .map(ProcessHandle::pid).collect(Collectors.toSet());
            if (!sleeping.isEmpty()) {
                return sleeping;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the task never started: " + CliProcess.read(CliProcess.err(service)));
    }

    private static java.util.List<String> markerNames(Path markers) throws Exception {
        try (Stream<Path> files = Files.list(markers)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
