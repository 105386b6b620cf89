package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.TaskInstance;
import io.updraft.run.TriggerRequest;
import io.updraft.run.XCom;
import io.updraft.config.Connection;
import io.updraft.config.Variable;
import io.updraft.template.XComPuller;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python written by users, run as Airflow 3 runs it: a real DAGs folder (YAML in a subfolder, helper modules and
 * operator classes at its root), loaded and run through the engine with real interpreters.
 */
class UserPythonCodeTest {

    private static final Instant LOGICAL_DATE = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path root;

    private Path dags;
    private Updraft updraft;

    @BeforeEach
    void setUp() throws IOException, URISyntaxException {
        dags = root.resolve("dags");
        Path source = Path.of(getClass().getResource("/io/updraft/operator/userdags").toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dags.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        updraft = Updraft.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString())), System.getenv());
    }

    @AfterEach
    void tearDown() {
        updraft.close();
    }

    private DagRun run(String dagId) throws Exception {
        updraft.loadDags();
        Dag dag = updraft.dag(dagId).orElseThrow(() -> new AssertionError(dagId + " did not load: "
                + updraft.importErrors().list(10, 0)));
        RunEngine engine = updraft.startEngine(false, 2);
        return engine.completion(engine.trigger(dag, TriggerRequest.manual(LOGICAL_DATE, Map.of(), "test")))
                .get(120, TimeUnit.SECONDS);
    }

    private Map<String, String> states(DagRun run) {
        return updraft.runs().taskInstances(run.dagId(), run.runId()).stream()
                .collect(Collectors.toMap(TaskInstance::taskId, ti -> ti.state().value()));
    }

    private Map<String, Object> xcoms(DagRun run, String taskId) {
        return updraft.runs().xcoms(run.dagId(), run.runId(), taskId).stream()
                .collect(Collectors.toMap(XCom::key, XComPuller::parse));
    }

    private String log(DagRun run, String taskId) throws IOException {
        return Files.readString(root.resolve("home/logs/dag_id=" + run.dagId() + "/run_id=" + run.runId()
                + "/task_id=" + taskId + "/attempt=1.log"));
    }

    @Test
    void customOperatorsSensorsAndHelpersImportingAirflowRunFromAnySubfolder() throws Exception {
        updraft.variables().put(new Variable("greeting", "hello", null));
        updraft.connections().put(new Connection("oven", "http", null, "oven.local", null, null, null, null, null));

        DagRun run = run("kitchen");

        assertThat(states(run)).as(() -> logs(run)).containsOnly(Map.entry("bake", "success"),
                Map.entry("wait_for_oven", "success"), Map.entry("greet", "success"),
                Map.entry("greet_loudly", "success"));
        // bread_type is a template field, oven is not: Airflow leaves it as written
        assertThat(xcoms(run, "bake")).containsEntry("return_value", "sourdough 2024-03-01")
                .containsEntry("oven", "oven {{ ds }}");
        assertThat(log(run, "bake")).contains("Make sourdough 2024-03-01 bread in oven {{ ds }}");
        assertThat(xcoms(run, "wait_for_oven")).containsEntry("return_value",
                Map.of("pokes", 3, "host", "oven.local"));
        assertThat(log(run, "wait_for_oven")).contains("poke 3", "Success criteria met. Exiting.");
        assertThat(xcoms(run, "greet")).containsEntry("return_value", "hello from greet on 2024-03-01");
        assertThat(xcoms(run, "greet_loudly")).containsEntry("return_value", "HELLO FROM GREET_LOUDLY ON 2024-03-01");
    }

    @Test
    void aKilledOperatorsOnKillRuns() throws Exception {
        assertThat(states(run("warm_up"))).containsEntry("name", "success");  // the timeout must not hit a start

        DagRun run = run("slow_kitchen");

        assertThat(states(run)).containsEntry("slow", "failed");
        assertThat(dags.resolve("kitchen/nested/killed.txt")).as(log(run, "slow")).hasContent("on_kill ran");
    }

    @Test
    void mapIndexTemplateIsRenderedAfterExecutionWithWhatTheTaskAddedToItsContext() throws Exception {
        DagRun run = run("last_names");

        assertThat(updraft.runs().taskInstances(run.dagId(), run.runId()))
                .extracting(ti -> ti.mapIndex() + "=" + ti.state().value()).containsExactlyInAnyOrder(
                        "0=success", "1=success");
        String logs;
        try (Stream<Path> files = Files.walk(root.resolve("home/logs/dag_id=last_names"))) {
            logs = files.filter(Files::isRegularFile).map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining());
        }
        assertThat(logs).contains("Rendered map index: Lovelace", "Rendered map index: Hopper");
        assertThat(updraft.runs().taskInstances(run.dagId(), run.runId()))
                .extracting(TaskInstance::renderedMapIndex).containsExactlyInAnyOrder("Lovelace", "Hopper");
    }

    @Test
    void typedObjectsInArgumentsAreBuiltAsDagFactoryBuildsThem() throws Exception {
        Files.createDirectories(dags.resolve("data"));
        Files.writeString(dags.resolve("data/rows.csv"), "id,value\n1,42\n");
        Files.writeString(dags.resolve("storage.yml"), """
                storage:
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: read
                      operator: airflow.operators.python.PythonOperator
                      python_callable: sample.read_storage
                      op_kwargs:
                        storage:
                          __type__: airflow.io.path.ObjectStoragePath
                          __args__:
                            - file://$CONFIG_ROOT_DIR/data/rows.csv
                """);

        DagRun run = run("storage");

        assertThat(states(run)).as(() -> logOf(run, "read")).containsEntry("read", "success");
        assertThat(xcoms(run, "read")).containsEntry("return_value",
                Map.of("name", "rows.csv", "text", "id,value\n1,42\n"));
    }

    @Test
    void userDefinedMacrosCallPythonFunctionsFromTemplates() throws Exception {
        Files.writeString(dags.resolve("macros.yml"), """
                macros:
                  default_args: {start_date: 2024-01-01}
                  user_defined_macros:
                    add_days: sample.add_days
                    date_utils:
                      shift: sample.add_days
                    team_size: 3
                  tasks:
                    - task_id: print_macros
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: "echo '{{ add_days(ds, -1) }} {{ date_utils.shift(ds, num_days=1) }} {{ team_size }}'"
                """);

        DagRun run = run("macros");

        assertThat(states(run)).as(() -> logOf(run, "print_macros")).containsEntry("print_macros", "success");
        assertThat(xcoms(run, "print_macros")).containsEntry("return_value", "2024-02-29 2024-03-02 3");
        assertThat(updraft.dag("macros").orElseThrow().warnings()).isEmpty();
    }

    @Test
    void userDefinedFiltersCallPythonFunctionsWithTheFilteredValueFirst() throws Exception {
        Files.writeString(dags.resolve("filters.yml"), """
                filters:
                  default_args: {start_date: 2024-01-01}
                  user_defined_filters:
                    shift: sample.add_days
                    tag: sample.tagged
                  tasks:
                    - task_id: print_filters
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: >-
                        echo '{{ ds | shift(2) }} {{ ds | shift(num_days=-1) | tag(prefix='eve') }} {{ 7 | tag }}'
                """);
        Files.writeString(dags.resolve("bad_filters.yml"), """
                bad_filters:
                  default_args: {start_date: 2024-01-01}
                  user_defined_filters:
                    shift: 3
                  tasks:
                    - task_id: t
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: "echo {{ ds | shift }}"
                """);

        DagRun run = run("filters");

        assertThat(states(run)).as(() -> logOf(run, "print_filters")).containsEntry("print_filters", "success");
        assertThat(xcoms(run, "print_filters")).containsEntry("return_value", "2024-03-03 eve:2024-02-29 day:7");
        assertThat(updraft.dag("filters").orElseThrow().warnings().toString())
                .contains("dag-factory 1.1.0 drops 'user_defined_filters'");
        assertThat(updraft.dag("bad_filters")).isEmpty();
        assertThat(updraft.importErrors().list(10, 0).toString()).contains("bad_filters.yml",
                "user_defined_filters.shift must be a callable's dotted path");
    }

    @Test
    void anOperatorClassFromAPackageInstalledInTheTasksInterpreterRuns() throws Exception {
        Path venv = root.resolve("venv");
        Process created = new ProcessBuilder("python3", "-m", "venv", "--without-pip", venv.toString())
                .inheritIO().start();
        assertThat(created.waitFor(60, TimeUnit.SECONDS) && created.exitValue() == 0).isTrue();
        String python = venv.resolve("bin/python").toString();
        Process query = new ProcessBuilder(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .start();
        Path sitePackages = Path.of(new String(query.getInputStream().readAllBytes()).trim());
        Files.createDirectories(sitePackages.resolve("barn"));
        Files.writeString(sitePackages.resolve("barn/__init__.py"), "");
        Files.writeString(sitePackages.resolve("barn/operators.py"), """
                from airflow.sdk import BaseOperator


                class MilkOperator(BaseOperator):
                    template_fields = ("cow",)

                    def __init__(self, cow, **kwargs):
                        super().__init__(**kwargs)
                        self.cow = cow

                    def execute(self, context):
                        return f"milk from {self.cow}"
                """);
        Files.writeString(dags.resolve("installed.yml"), """
                installed:
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: milk
                      operator: barn.operators.MilkOperator
                      cow: "Bessie {{ ds }}"
                """);
        updraft.close();
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.put("UPDRAFT_PYTHON", python);
        updraft = Updraft.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString())), environment);

        DagRun run = run("installed");

        assertThat(states(run)).as(() -> logOf(run, "milk")).containsEntry("milk", "success");
        assertThat(xcoms(run, "milk")).containsEntry("return_value", "milk from Bessie 2024-03-01");
    }

    @Test
    void aClassPathThatIsNoModuleOfTheDagsFolderIsStillAnUnknownOperator() throws Exception {
        Files.writeString(dags.resolve("typo.yml"), """
                typo:
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: t
                      operator: customized.operators.lunch.MakeSoupOperator
                """);

        updraft.loadDags();

        assertThat(updraft.dag("typo")).isEmpty();
        assertThat(updraft.importErrors().list(10, 0).toString())
                .contains("unknown operator 'customized.operators.lunch.MakeSoupOperator'");
    }

    private String logOf(DagRun run, String taskId) {
        try {
            return log(run, taskId);
        } catch (IOException e) {
            return taskId + ": no log";
        }
    }

    private String logs(DagRun run) {
        return Stream.of("bake", "wait_for_oven", "greet", "greet_loudly").map(task -> task + ":\n" + logOf(run, task))
                .collect(Collectors.joining("\n"));
    }
}
