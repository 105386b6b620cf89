package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: a separate process, the project's example DAGs copied into a real folder. */
class CliTest {

    @TempDir
    Path root;

    private Path dags;
    private CliProcess updraft;

    @BeforeEach
    void copyExampleDags() throws IOException {
        dags = root.resolve("dags");
        Path specs = Path.of(System.getProperty("updraft.dag.specs.dir"));
        try (Stream<Path> files = Files.walk(specs)) {
            for (Path file : files.toList()) {
                Path target = dags.resolve(specs.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        updraft = new CliProcess(root.resolve("home"), dags);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonRows(String stdout) {
        String array = stdout.lines().filter(line -> line.startsWith("[{") || line.equals("[]")).findFirst().orElseThrow(
                () -> new AssertionError("no JSON array in:\n" + stdout));
        return (List<Map<String, Object>>) Json.read(array);
    }

    @Test
    void dagsListPrintsTheExampleDagsWithAirflowsFieldNames() throws Exception {
        CliProcess.Result result = updraft.run("dags", "list", "-o", "json");

        assertThat(result.exitCode()).isZero();
        List<Map<String, Object>> rows = jsonRows(result.stdout());
        assertThat(rows).extracting(row -> row.get("dag_id")).contains("example_pipeline", "example_branching",
                "example_task_groups", "example_dynamic_task_mapping");
        assertThat(rows.get(0)).containsOnlyKeys("dag_id", "fileloc", "owners", "is_paused");
    }

    /** `dags list` only reads: the paused flags come from the store the service keeps, and nothing is written. */
    @Test
    void dagsListReadsThePausedFlagsFromTheStoreWithoutWritingIt() throws Exception {
        Path store = root.resolve("home").resolve("updraft.mv.db");
        assertThat(jsonRows(updraft.run("dags", "list", "-o", "json").stdout()))
                .allSatisfy(row -> assertThat(row.get("is_paused")).isEqualTo(true));
        assertThat(store).as("a read creates no store").doesNotExist();

        io.updraft.config.UpdraftConfig config = io.updraft.config.UpdraftConfig.from(
                Map.of("UPDRAFT_HOME", root.resolve("home").toString(), "UPDRAFT_DAGS_FOLDER", dags.toString()));
        try (io.updraft.app.Updraft service = io.updraft.app.Updraft.open(config)) {
            service.loadDags();
            assertThat(service.setPaused("example_branching", false)).isTrue();
        }
        List<Map<String, Object>> rows = jsonRows(updraft.run("dags", "list", "-o", "json").stdout());
        assertThat(rows).filteredOn(row -> row.get("dag_id").equals("example_branching")).singleElement()
                .extracting(row -> row.get("is_paused")).isEqualTo(false);
        assertThat(rows).filteredOn(row -> row.get("dag_id").equals("example_pipeline")).singleElement()
                .extracting(row -> row.get("is_paused")).isEqualTo(true);
    }

    @Test
    void aBrokenFileIsAnImportErrorWithFileAndLineAndTheOtherFilesStillLoad() throws Exception {
        Files.writeString(dags.resolve("broken.yml"), """
                broken_dag:
                  tasks:
                    - task_id: a
                      operator: airflow.operators.bash.BashOperator
                      bash_command: echo a
                      dependencies: [b]
                    - task_id: b
                      operator: airflow.operators.bash.BashOperator
                      bash_command: echo b
                      dependencies: [a]
                """);

        CliProcess.Result errors = updraft.run("dags", "list-import-errors", "-o", "json");
        CliProcess.Result list = updraft.run("dags", "list", "-o", "json");

        assertThat(errors.exitCode()).isEqualTo(1);
        Map<String, Object> error = jsonRows(errors.stdout()).get(0);
        assertThat(error.get("filepath").toString()).endsWith("broken.yml");
        assertThat(error.get("error").toString()).contains("broken.yml:").containsIgnoringCase("cycle");
        assertThat(jsonRows(list.stdout())).extracting(row -> row.get("dag_id")).contains("example_pipeline")
                .doesNotContain("broken_dag");
        assertThat(list.stderr()).contains("list-import-errors");
    }

    /** As the service: an operator class written in Python under the DAGs folder is an operator, not an error. */
    @Test
    void dagsListKnowsOperatorClassesWrittenInPythonUnderTheDagsFolder() throws Exception {
        Files.createDirectories(dags.resolve("customized"));
        Files.writeString(dags.resolve("customized/operators.py"), """
                from airflow.sdk import BaseOperator

                class MakeBreadOperator(BaseOperator):
                    def execute(self, context):
                        return "bread"
                """);
        Files.writeString(dags.resolve("breakfast.yml"), """
                breakfast:
                  tasks:
                    - task_id: bake
                      operator: customized.operators.MakeBreadOperator
                """);

        CliProcess.Result list = updraft.run("dags", "list", "-o", "json");

        assertThat(jsonRows(list.stdout())).extracting(row -> row.get("dag_id")).contains("breakfast");
        assertThat(list.stderr()).doesNotContain("list-import-errors");
    }

    @Test
    void dagsTestRunsTheDagWithConfAndPrintsLogsAndStates() throws Exception {
        CliProcess.Result result = updraft.run("dags", "test", "example_pipeline", "2024-03-04",
                "--conf", "{\"rows\": 5}", "-o", "json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("extracting 5 rows for 2024-03-04")
                .contains("transformed 5 rows for 2024-03-04: total 15")
                .contains("finished: success");
        List<Map<String, Object>> states = jsonRows(result.stdout());
        assertThat(states).extracting(row -> row.get("task_id") + "=" + row.get("state") + "#" + row.get("try_number"))
                .containsExactlyInAnyOrder("cleanup=success#1", "extract=success#1", "flaky_load=success#2",
                        "report=success#1", "transform=success#1");
    }

    @Test
    void dagsTestExitsWithOneWhenTheRunFails() throws Exception {
        Files.writeString(dags.resolve("failing.yml"), """
                failing_dag:
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: breaks
                      operator: airflow.operators.bash.BashOperator
                      bash_command: "echo about to fail; exit 3"
                    - task_id: never
                      operator: airflow.operators.bash.BashOperator
                      bash_command: echo never
                      dependencies: [breaks]
                """);

        CliProcess.Result result = updraft.run("dags", "test", "failing_dag", "-o", "plain");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("non-zero exit code 3").contains("upstream_failed")
                .contains("finished: failed");
    }

    @Test
    void aPluginOperatorNamedInYamlRunsWithItsArgumentsRendered() throws Exception {
        Files.writeString(dags.resolve("plugin.yml"), """
                plugin_dag:
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: nap
                      operator: updraft.example.Sleep
                      seconds: 0.1
                      message: "napped on {{ ds }}"
                """);

        CliProcess.Result result = updraft.run("dags", "test", "plugin_dag", "2024-05-06");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("napped on 2024-05-06");
    }

    @Test
    void thePhishingPipelineTrainsBothModelsAndValidatesThemThroughTheEngine() throws Exception {
        CliProcess.Result result = updraft.run("dags", "test", "phishing_url_pipeline", "-o", "json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(jsonRows(result.stdout())).extracting(row -> row.get("task_id") + "=" + row.get("state"))
                .containsExactlyInAnyOrder("ingest=success", "validate_data=success", "extract_features=success",
                        "train_xgboost=success",
                        "train_logistic_regression=success", "validate_model=success", "deploy=success",
                        // the first model is promoted: its new_champion task succeeds and emits an asset event
                        "new_champion=success");
        // the chosen model's metrics, from the deploy task's log
        assertThat(result.stdout()).contains("registered phishing_url version 1 (xgboost)",
                "held-out metrics: AUC 0.9", "promoted to champion");
    }

    @Test
    void runsAndTaskStatesAreReadBackFromTheStore() throws Exception {
        updraft.run("dags", "test", "example_branching", "2024-01-06", "--no-logs");

        CliProcess.Result runs = updraft.run("dags", "list-runs", "example_branching", "-o", "json");
        Map<String, Object> run = jsonRows(runs.stdout()).get(0);
        CliProcess.Result states = updraft.run("tasks", "states-for-dag-run", "example_branching",
                run.get("run_id").toString(), "-o", "json");

        assertThat(run).containsEntry("state", "success").containsEntry("logical_date", "2024-01-06T00:00:00+00:00");
        assertThat(jsonRows(states.stdout())).extracting(row -> row.get("task_id") + "=" + row.get("state"))
                // 2024-01-06 is a Saturday
                .contains("weekend_path=success", "weekday_path=skipped", "join=success");
    }

    @Test
    void tasksTestRunsOneTaskAndRecordsNothing() throws Exception {
        CliProcess.Result result = updraft.run("tasks", "test", "example_pipeline", "extract", "2024-01-02");
        CliProcess.Result runs = updraft.run("dags", "list-runs", "example_pipeline", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("extracting 3 rows for 2024-01-02").contains("finished: success");
        assertThat(runs.stdout().trim()).isEqualTo("[]");
    }

    @Test
    void dbMigrateCreatesTheSchemaOnceAndUnknownDagsAreClearErrors() throws Exception {
        CliProcess.Result first = updraft.run("db", "migrate");
        CliProcess.Result second = updraft.run("db", "migrate");
        CliProcess.Result missing = updraft.run("dags", "test", "no_such_dag");

        assertThat(first.stdout()).startsWith("Applied migrations");
        assertThat(second.stdout()).startsWith("Database is up to date");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("Dag 'no_such_dag' could not be found");
    }
}
