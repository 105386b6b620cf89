package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.dag.Task;
import io.updraft.run.KillSwitch;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskOutcome.Result;
import io.updraft.template.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python tasks as forks of a warm interpreter: real processes, observed from outside. */
class PythonForkServerTest {

    private static final String PYTHON = "airflow.providers.standard.operators.python.PythonOperator";

    @TempDir
    Path home;

    private RunnerHarness harness;
    private Path processes;

    @BeforeEach
    void setUp() {
        harness = new RunnerHarness(home);
        harness.python = PythonSettings.from(Map.of("UPDRAFT_PYTHON_FORK_SERVER", "true"), home,
                home.resolve("dags"));
        processes = harness.resource("forks/processes.py");
    }

    private Dag dag(String function, Map<String, Object> kwargs) {
        Task task = Task.builder("t", PYTHON).pythonCallable(PythonCallable.fromFile(processes.toString(), function))
                .argument("op_kwargs", kwargs).build();
        return Dag.builder(Fixtures.DAG_ID).fileloc(processes.resolveSibling("dag.yml").toString()).task(task)
                .build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Integer> identity() {
        TaskOutcome outcome = harness.run(dag("identity", Map.of()), "t", Map.of());
        assertThat(outcome.result()).as(outcome.error()).isEqualTo(Result.SUCCESS);
        return (Map<String, Integer>) outcome.xcoms().get("return_value");
    }

    @Test
    void tasksAreForksOfOneWarmInterpreterEachInItsOwnProcessGroup() {
        Map<String, Integer> first = identity();
        Map<String, Integer> second = identity();

        assertThat(first.get("ppid")).isEqualTo(second.get("ppid"))
                .isNotEqualTo((int) ProcessHandle.current().pid());
        assertThat(first.get("pid")).isNotEqualTo(second.get("pid"));
        assertThat(first.get("pgid")).isEqualTo(first.get("pid"));
        assertThat(second.get("pgid")).isEqualTo(second.get("pid"));
    }

    @Test
    void withoutTheForkServerEachTaskStartsItsOwnInterpreter() {
        harness.python = harness.python.withForkServer(false);
        Map<String, Integer> first = identity();
        Map<String, Integer> second = identity();

        if (ParentDeathGuard.available()) {
            // each interpreter is started under its own parent-death guard, which leads the task's process group
            assertThat(first.get("ppid")).isNotEqualTo(second.get("ppid")).isEqualTo(first.get("pgid"));
            assertThat(second.get("pgid")).isEqualTo(second.get("ppid"));
        } else {
            assertThat(first.get("ppid")).isEqualTo((int) ProcessHandle.current().pid());
        }
        assertThat(first.get("pid")).isNotEqualTo(second.get("pid"));
    }

    @Test
    void aKillEndsTheTaskAndTheProcessesItStarted() throws Exception {
        Path pidFile = home.resolve("child.pid");
        KillSwitch killSwitch = new KillSwitch();
        Dag dag = dag("start_child_and_wait", Map.of("pid_file", pidFile.toString()));
        CompletableFuture<TaskOutcome> run = CompletableFuture.supplyAsync(
                () -> harness.runner().run(harness.attempt(dag, "t", Map.of(), killSwitch)));
        waitUntil(() -> Files.exists(pidFile), "the task started its child");
        long child = Long.parseLong(Files.readString(pidFile));
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);

        killSwitch.kill("killed by the test");

        assertThat(run.get().result()).isEqualTo(Result.FAILED);
        waitUntil(() -> ProcessHandle.of(child).map(process -> !process.isAlive()).orElse(true),
                "the task's child ended");
    }

    /** The server closed a task's output pipe at end of output, but it still runs: the next fork must not fail. */
    @Test
    void aTaskStartsWhileAnotherHasEndedItsOutputButNotExited() throws Exception {
        Path flag = home.resolve("output-ended");
        Path release = home.resolve("release");
        Dag waiting = dag("end_output_then_wait", Map.of("flag_file", flag.toString(),
                "release_file", release.toString()));
        CompletableFuture<TaskOutcome> first = CompletableFuture.supplyAsync(
                () -> harness.runner().run(harness.attempt(waiting, "t", Map.of(), new KillSwitch())));
        waitUntil(() -> Files.exists(flag), "the first task ended its output");

        for (int i = 0; i < 3; i++) {
            identity();
        }
        Files.writeString(release, "");

        TaskOutcome outcome = first.get();
        assertThat(outcome.result()).as(outcome.error()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.xcoms()).containsEntry("return_value", "released");
    }

    @Test
    void aServerThatDiedIsReplacedForTheNextTask() {
        long server = identity().get("ppid");
        ProcessHandle.of(server).orElseThrow().destroyForcibly();
        waitUntil(() -> ProcessHandle.of(server).map(process -> !process.isAlive()).orElse(true),
                "the server ended");

        long replacement = identity().get("ppid");

        assertThat(replacement).isNotEqualTo(server).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aTaskSeesChangedPythonFilesEvenOfPreloadedModules() throws Exception {
        Path helper = home.resolve("dags").resolve("helper.py");
        Files.writeString(helper, "VALUE = 1\n");
        harness.python = new PythonSettings("python3", true, List.of("helper"), home.resolve("dags"),
                home.resolve("plugins"));
        Dag dag = dag("helper_value", Map.of());
        assertThat(harness.run(dag, "t", Map.of()).xcoms()).containsEntry("return_value", 1);

        Files.writeString(helper, "VALUE = 2\n");
        Files.setLastModifiedTime(helper, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(harness.run(dag, "t", Map.of()).xcoms()).containsEntry("return_value", 2);
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
