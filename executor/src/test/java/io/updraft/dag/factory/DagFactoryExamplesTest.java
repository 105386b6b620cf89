package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.LoadWarning;
import io.updraft.dag.PythonCallable;
import io.updraft.dag.Schedule;
import io.updraft.dag.Task;
import io.updraft.dag.XComArg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dag-factory example configs load unchanged, with the content dag-factory would give them. */
class DagFactoryExamplesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("updraft.examples.dir"));
    private static DagBag bag;
    private static Map<String, Dag> dags;

    @BeforeAll
    static void loadExamples() {
        bag = new DagFolderLoader(new TestOperatorCatalog(), Map.of(), DagFolder.CLOCK, 2).load(EXAMPLES);
        dags = bag.dags().stream().collect(Collectors.toMap(Dag::dagId, Function.identity()));
    }

    @Test
    void everyExampleLoadsWithoutImportErrors() {
        assertThat(bag.importErrors()).isEmpty();
        assertThat(dags).containsOnlyKeys("basic_example_dag", "example_multiple1", "example_multiple2",
                "example_multiple3", "example_multiple4", "dynamic_task_map", "http_operator", "task_group");
    }

    @Test
    void basicExampleHasItsTaskGroupAndDependencies() {
        Dag dag = dags.get("basic_example_dag");
        assertThat(dag.tasks()).containsOnlyKeys("task_1", "task_2", "example_task_group.task_3");
        assertThat(dag.task("task_2").upstream()).containsExactly("task_1");
        assertThat(dag.task("example_task_group.task_3").upstream()).containsExactly("task_1");
        assertThat(dag.task("example_task_group.task_3").groupId()).isEqualTo("example_task_group");
        assertThat(dag.task("task_1").arguments()).containsEntry("bash_command", "echo 1");
        assertThat(dag.task("task_1").owner()).isEqualTo("custom_owner");
        assertThat(dag.taskGroups().get("example_task_group").tooltip()).isEqualTo("this is an example task group");
        assertThat(dag.schedule()).isEqualTo(Schedule.cron("0 3 * * *", "0 3 * * *"));
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2024-11-11T00:00:00Z"));
        assertThat(dag.renderTemplateAsNativeObj()).isTrue();
        assertThat(dag.catchup()).isFalse();
        assertThat(dag.fileloc()).isEqualTo(EXAMPLES.resolve("example_dag_factory.yml").toAbsolutePath().toString());
        assertThat(dag.versionHash()).hasSize(64);
    }

    @Test
    void taskAfterAGroupDependsOnTheGroupsLeaves() {
        Dag dag = dags.get("example_multiple4");
        assertThat(dag.task("task_4").upstream()).containsExactly("task_group_1.task_3");
        assertThat(dag.task("task_group_1.task_2").upstream()).containsExactly("task_1");
        assertThat(dag.task("task_group_1.task_3").upstream()).containsExactly("task_group_1.task_2");
    }

    @Test
    void configRootDirBecomesTheExamplesFolder() {
        PythonCallable callable = dags.get("example_multiple1").task("task_3").pythonCallable();
        assertThat(callable.name()).isEqualTo("print_hello");
        assertThat(Path.of(callable.file())).isAbsolute().exists()
                .isEqualTo(EXAMPLES.toAbsolutePath().normalize().resolve("print_hello.py"));
    }

    @Test
    void defaultBlockCallbacksReachDagsAndTasks() {
        Dag dag = dags.get("example_multiple1");
        PythonCallable callback = PythonCallable.fromFile(
                EXAMPLES.toAbsolutePath().normalize().resolve("print_hello.py").toString(), "print_hello_from_callback");
        assertThat(dag.callbacks(CallbackKind.ON_FAILURE)).containsExactly(new Callback(callback, Map.of()));
        assertThat(dag.task("task_1").callbacks(CallbackKind.ON_SUCCESS)).containsExactly(new Callback(callback, Map.of()));
        assertThat(dag.displayName()).isEqualTo("Pretty Example DAG");
        assertThat(dag.task("task_1").owner()).isEqualTo("custom_owner");
        assertThat(dags.get("example_multiple3").task("task_1").owner()).isEqualTo("default_owner");
        assertThat(dags.get("example_multiple3").schedule().expression()).isEqualTo("0 1 * * *");
    }

    @Test
    void defaultArgsTimezoneAppliesToTheDefaultStartDate() {
        Dag dag = dags.get("example_multiple2");
        ZoneId amsterdam = ZoneId.of("Europe/Amsterdam");
        assertThat(dag.timezone()).isEqualTo(amsterdam);
        assertThat(dag.startDate()).isEqualTo(LocalDate.of(2024, 11, 11).atStartOfDay(amsterdam).toInstant());
    }

    @Test
    void mappedTaskExpandsOverItsUpstreamsOutput() {
        Dag dag = dags.get("dynamic_task_map");
        Task process = dag.task("process");
        assertThat(process.isMapped()).isTrue();
        assertThat(process.expand()).containsExactly(Map.entry("op_args", XComArg.returnValue("request")));
        assertThat(process.upstream()).containsExactly("request");
        assertThat(process.arguments()).containsEntry("op_kwargs", Map.of("fixed_param", "test"));
        assertThat(process.pythonCallable().name()).isEqualTo("consume_value");
        assertThat(Files.exists(Path.of(process.pythonCallable().file()))).isTrue();
        assertThat(dag.tasks().keySet()).containsExactly("request", "process");
        // "2 days": start of today (2025-06-15, UTC) minus two days
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2025-06-13T00:00:00Z"));
    }

    @Test
    void nestedGroupsPrefixTaskIdsAndTakeTheOuterGroupsDependencies() {
        Dag dag = dags.get("task_group");
        assertThat(dag.tasks()).containsOnlyKeys("task_1", "task_group_1.task_2", "task_group_1.task_group_2.task_4");
        assertThat(dag.task("task_group_1.task_2").upstream()).containsExactly("task_1");
        assertThat(dag.task("task_group_1.task_group_2.task_4").upstream()).containsExactly("task_1");
        assertThat(dag.taskGroups().get("task_group_1.task_group_2").parentGroupId()).isEqualTo("task_group_1");
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void httpOperatorArgumentsPassThrough() {
        Dag dag = dags.get("http_operator");
        assertThat(dag.tags()).containsExactly("http");
        assertThat(dag.task("send_request_json").owner()).isEqualTo("@owner");
        assertThat(dag.task("send_request_json").arguments())
                .containsEntry("method", "POST")
                .containsEntry("data", Map.of("data", "fake_data", "format", "json"))
                .containsEntry("headers", Map.of("Content-Type", "application/json"))
                .containsEntry("log_response", true);
    }

    @Test
    void misplacedCatchupInDefaultArgsIsAWarningWithItsLine() {
        String multipleConfig = EXAMPLES.resolve("example_dag_factory_multiple_config.yml").toAbsolutePath().toString();
        assertThat(bag.warnings())
                .filteredOn(w -> w.filename().equals(multipleConfig) && w.message().contains("'catchup'"))
                .extracting(LoadWarning::line)
                .containsOnly(3);
        assertThat(dags.get("http_operator").warnings()).anyMatch(message -> message.contains("'catchup'"));
    }
}
