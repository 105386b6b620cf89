package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Airflow 3.3.2's answers for templates and {@code dags test}, checked through the CLI as a user runs it: a YAML
 * file in a real folder, {@code updraft dags test} in its own process, the run read back from its report.
 */
class AirflowFidelityCliTest {

    @TempDir
    Path root;

    private Path dags;
    private CliProcess updraft;

    @BeforeEach
    void setUp() throws Exception {
        updraft = CliProcess.withDags(root, "templates.yml");
        dags = updraft.dagsFolder();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> returnValues(String date, String... more) throws Exception {
        Path report = root.resolve("report-" + System.nanoTime() + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("dags", "test", "templates", date, "--report",
                report.toString()));
        args.addAll(List.of(more));
        updraft.run(args.toArray(String[]::new));
        Map<String, Object> run = (Map<String, Object>) Json.read(Files.readString(report));
        Map<String, Object> values = new java.util.TreeMap<>();
        values.put("run_id", run.get("run_id"));
        for (Map<String, Object> task : (List<Map<String, Object>>) run.get("tasks")) {
            values.put(task.get("task_id") + "", task.get("state") + " " + task.get("return_value"));
        }
        return values;
    }

    @Test
    void previousSuccessDefinedTestsTaskDagAndOutletEventsRenderAsInAirflow() throws Exception {
        Map<String, Object> first = returnValues("2024-01-01", "--no-logs");
        Map<String, Object> later = returnValues("2024-01-03", "--no-logs");

        // the run fails (broken), so only a successful run counts as previous: there is none yet
        assertThat(first.get("previous")).isEqualTo("success None/none");
        assertThat(later.get("previous")).isEqualTo("success None/none");
        assertThat(first.get("context")).isEqualTo("success context templates no yes 0");
    }

    @Test
    void theLatestEarlierSuccessfulRunIsThePreviousSuccess() throws Exception {
        Files.writeString(dags.resolve("templates.yml"), Files.readString(dags.resolve("templates.yml"))
                .replace("echo {{ no_such_variable }}", "echo fine"));

        returnValues("2024-01-01", "--no-logs");
        returnValues("2024-01-02", "--no-logs");
        Map<String, Object> third = returnValues("2024-01-05", "--no-logs");
        Map<String, Object> earlier = returnValues("2024-01-02", "--no-logs"); // Jan 1 is before it

        assertThat(third.get("previous")).isEqualTo("success 2024-01-02 00:00:00+00:00/set");
        assertThat(earlier.get("previous")).isEqualTo("success 2024-01-01 00:00:00+00:00/set");
    }

    @Test
    void aTemplateErrorIsOneClearLineInTheLog() throws Exception {
        CliProcess.Result result = updraft.run("dags", "test", "templates", "2024-01-01");

        List<String> brokenLog = result.stdout().lines()
                .dropWhile(line -> !line.contains("/broken attempt 1"))
                .skip(1).takeWhile(line -> !line.startsWith("----- ")).toList();
        assertThat(brokenLog).filteredOn(line -> line.contains("Error rendering template field"))
                .containsExactly(brokenLog.stream().filter(line -> line.contains("ERROR")).findFirst().orElseThrow());
        assertThat(String.join("\n", brokenLog)).contains(
                "Task failed: Error rendering template field 'bash_command': 'no_such_variable' is undefined")
                .doesNotContain("\tat ", "Exception:");
    }

    @Test
    void aSecondTestOnTheSameDateIsANewRunNamedAfterNowAsAirflowsDagTest() throws Exception {
        Map<String, Object> first = returnValues("2024-01-01", "--no-logs");
        Map<String, Object> second = returnValues("2024-01-01", "--no-logs");
        CliProcess.Result runs = updraft.run("dags", "list-runs", "templates", "-o", "json");

        assertThat(first.get("run_id").toString()).startsWith("manual__20").isNotEqualTo(second.get("run_id"));
        assertThat(first.get("run_id").toString()).doesNotStartWith("manual__2024-01-01");
        // as Airflow's DAG.test: the earlier run on that logical date is replaced
        assertThat(runs.stdout()).contains(second.get("run_id").toString())
                .doesNotContain(first.get("run_id").toString());
    }

    @Test
    void dagAndTaskVerbsPrintWhatAirflowPrints() throws Exception {
        // new DAGs are paused at creation
        CliProcess.Result unpause = updraft.run("dags", "unpause", "templates", "-o", "json");
        CliProcess.Result unpausedAgain = updraft.run("dags", "unpause", "templates");
        CliProcess.Result pause = updraft.run("dags", "pause", "templates", "-o", "json");
        updraft.run("dags", "test", "templates", "2024-01-01", "--no-logs", "--conf", "{\"k\": 1}");
        CliProcess.Result state = updraft.run("dags", "state", "templates", "2024-01-01");
        CliProcess.Result noRun = updraft.run("dags", "state", "templates", "2024-02-01");
        CliProcess.Result next = updraft.run("dags", "next-execution", "templates", "-n", "2");
        CliProcess.Result tasks = updraft.run("tasks", "list", "templates");
        CliProcess.Result taskState = updraft.run("tasks", "state", "templates", "broken", "2024-01-01");

        // Airflow prints each DAG with its is_paused before the change
        assertThat(unpause.stdout().trim()).isEqualTo("[{\"dag_id\":\"templates\",\"is_paused\":true}]");
        assertThat(unpausedAgain.stdout().trim()).isEqualTo("No paused DAGs were found");
        assertThat(pause.stdout().trim()).isEqualTo("[{\"dag_id\":\"templates\",\"is_paused\":false}]");
        assertThat(state.stdout().trim()).isEqualTo("failed, {\"k\":1}");
        assertThat(noRun.stdout().trim()).isEqualTo("None");
        // @daily from 2024-01-01 with catchup (dag-factory's default): the first two days
        assertThat(next.stdout().lines().toList()).containsExactly("2024-01-01T00:00:00+00:00",
                "2024-01-02T00:00:00+00:00");
        assertThat(tasks.stdout().lines().toList()).containsExactly("broken", "context", "previous");
        assertThat(taskState.stdout().trim()).isEqualTo("failed");
    }

    @Test
    void everyGroupAndVerbHasHelp() throws Exception {
        List<picocli.CommandLine> all = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(List.of(
                new picocli.CommandLine(new UpdraftCli())));
        while (!todo.isEmpty()) {
            picocli.CommandLine command = todo.pop();
            all.add(command);
            todo.addAll(command.getSubcommands().values());
        }
        assertThat(all).hasSizeGreaterThan(20).allSatisfy(command -> assertThat(
                command.getCommandSpec().optionsMap()).as(command.getCommandSpec().qualifiedName())
                .containsKey("--help"));
        CliProcess.Result help = updraft.run("dags", "next-execution", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage: updraft dags next-execution", "--num-executions");
    }

    @Test
    void aBackfillDryRunPrintsParamsAndRunsAsAirflow() throws Exception {
        CliProcess.Result dry = updraft.run("backfill", "create", "--dag-id", "templates", "--from-date",
                "2024-01-01", "--to-date", "2024-01-03", "--dry-run");
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(dry.stdout()).contains("Performing dry run of backfill.", "Printing params:",
                "    - dag_id = templates", "    - reverse = False", "Runs to be attempted:", "partition_key",
                "partition_date", "2024-01-03T00:00:00+00:00").doesNotContain("2024-01-04");
        assertThat(updraft.run("dags", "list-runs", "templates", "-o", "json").stdout().strip()).isIn("[]", "");
    }
}
