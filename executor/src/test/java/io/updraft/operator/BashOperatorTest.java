package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.KillSwitch;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskOutcome.Result;
import io.updraft.template.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BashOperatorTest {

    private static final String BASH = "airflow.operators.bash.BashOperator";

    @TempDir
    Path home;

    private RunnerHarness harness() {
        return new RunnerHarness(home);
    }

    private static Task bash(String command) {
        return Task.builder("bash", BASH).argument("bash_command", command).build();
    }

    @Test
    void streamsOutputToTheLogAndPushesTheLastLine() {
        RunnerHarness harness = harness();
        TaskOutcome outcome = harness.run(bash("echo first; echo oops >&2; echo 'last line  '"));

        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.xcoms()).containsEntry("return_value", "last line");
        assertThat(harness.log("bash")).contains("INFO - first", "INFO - oops", "Starting attempt 1 of 1",
                "Command exited with return code 0", "Marking task as SUCCESS");
    }

    @Test
    void rendersTheCommandAndRecordsIt() {
        RunnerHarness harness = harness();
        TaskOutcome outcome = harness.run(bash("echo {{ ds }} {{ params.who }}").toBuilder()
                .params(Map.of("who", "me")).build());

        assertThat(outcome.xcoms()).containsEntry("return_value", "2024-03-01 me");
        assertThat(outcome.renderedFields()).isEqualTo("{\"bash_command\":\"echo 2024-03-01 me\"}");
    }

    @Test
    void anXComOverOneMebibyteFailsTheTryWithItsSize() {
        RunnerHarness harness = harness();
        TaskOutcome outcome = harness.run(bash("head -c 1100000 /dev/zero | tr '\\0' x; echo"));

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.error()).isEqualTo("XCom 'return_value' is 1100002 bytes as JSON; at most 1048576 may "
                + "be stored (push the path of a file instead)");
    }

    @Test
    void doXcomPushFalsePushesNothing() {
        TaskOutcome outcome = harness().run(bash("echo hi").toBuilder().doXcomPush(false).build());
        assertThat(outcome.xcoms()).isEmpty();
    }

    @Test
    void exitCode99SkipsTheTask() {
        assertThat(harness().run(bash("exit 99")).result()).isEqualTo(Result.SKIPPED);
        Task custom = bash("exit 3").toBuilder().argument("skip_on_exit_code", java.util.List.of(3, 4)).build();
        assertThat(harness().run(custom).result()).isEqualTo(Result.SKIPPED);
    }

    @Test
    void nonZeroExitFailsTheTry() {
        RunnerHarness harness = harness();
        TaskOutcome outcome = harness.run(bash("exit 1"));

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.error()).isEqualTo("Bash command failed. The command returned a non-zero exit code 1.");
        assertThat(harness.log("bash")).contains("Task failed with exception", "at io.updraft.operator");
    }

    @Test
    void envReplacesTheEnvironmentUnlessAppended() {
        RunnerHarness harness = harness();
        harness.environment.put("FROM_PARENT", "parent");
        String command = "echo ${FROM_PARENT:-none}-$MINE-$AIRFLOW_CTX_DAG_ID-$AIRFLOW_CTX_TASK_ID-$AIRFLOW_CTX_TRY_NUMBER";
        Task replaced = bash(command).toBuilder().argument("env", Map.of("MINE", "{{ ds_nodash }}")).build();
        assertThat(harness.run(replaced).xcoms()).containsEntry("return_value", "none-20240301-example-bash-1");

        Task appended = replaced.toBuilder().argument("append_env", true).build();
        assertThat(harness.run(appended).xcoms()).containsEntry("return_value", "parent-20240301-example-bash-1");
    }

    @Test
    void runsInCwd() throws Exception {
        Path folder = Files.createDirectories(home.resolve("work"));
        Task task = bash("pwd").toBuilder().argument("cwd", folder.toString()).build();
        assertThat(harness().run(task).xcoms()).containsEntry("return_value", folder.toRealPath().toString());
        Task missing = bash("pwd").toBuilder().argument("cwd", home.resolve("nowhere").toString()).build();
        assertThat(harness().run(missing).error()).startsWith("Can not find the cwd");
    }

    @Test
    void killEndsALongCommandQuickly() throws Exception {
        RunnerHarness harness = harness();
        Dag dag = Dag.builder(Fixtures.DAG_ID).task(bash("sleep 30 & wait")).build();
        KillSwitch killSwitch = new KillSwitch();
        TaskAttempt attempt = harness.attempt(dag, "bash", Map.of(), killSwitch);
        long start = System.nanoTime();
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(() -> harness.runner().run(attempt));
        // the command runs once its output is being read
        while (!Files.exists(harness.logFile("bash")) || !harness.log("bash").contains("Output:")) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the command starts").isLessThan(
                    Duration.ofSeconds(10));
            Thread.sleep(20);
        }
        killSwitch.kill("Timeout: execution_timeout of 1s exceeded");

        TaskOutcome result = outcome.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.result()).isEqualTo(Result.FAILED);
        assertThat(result.error()).isEqualTo("Timeout: execution_timeout of 1s exceeded");
        assertThat(harness.log("bash")).contains("Killing the task: Timeout");
    }
}
