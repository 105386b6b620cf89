package io.updraft.dag.factory;

import static io.updraft.dag.factory.DagFolder.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.dag.Schedule;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Airflow 3.3.2 with dag-factory 1.1.0 refuses, Updraft refuses with an import error that says why. Each case
 * was loaded in a venv with both installed (pip, PyPI) and failed there with the exception noted beside it.
 */
class StrictLoadingTest {

    private static final String BASH = "airflow.providers.standard.operators.bash.BashOperator";

    @TempDir
    Path tempDir;
    private DagFolder folder;

    @BeforeEach
    void setUp() {
        folder = new DagFolder(tempDir);
    }

    static Stream<Arguments> refusedByAirflow3() {
        return Stream.of(
                // TypeError: DAG.__init__() got an unexpected keyword argument 'timetable'
                Arguments.of("""
                        d:
                          timetable:
                            __type__: airflow.timetables.trigger.CronTriggerTimetable
                            __args__: ["0 1 * * 3"]
                        """, "timetable:", "'timetable' was removed in Airflow 3"),
                // ImportError: ... does not define a "SimpleHttpOperator" attribute/class (http provider 6.3.0)
                Arguments.of("""
                        d:
                          tasks:
                            - {task_id: t, operator: airflow.providers.http.operators.http.SimpleHttpOperator}
                        """, "SimpleHttpOperator", "use 'airflow.providers.http.operators.http.HttpOperator'"),
                // ModuleNotFoundError: No module named 'airflow.operators.dummy'
                Arguments.of("""
                        d:
                          tasks: [{task_id: t, operator: airflow.operators.dummy.DummyOperator}]
                        """, "DummyOperator", "no longer exists in Airflow 3"),
                // ValueError: All elements in 'schedule' should be either assets, asset references, or asset aliases
                Arguments.of("""
                        d:
                          schedule: {datasets: ["s3://a/b"]}
                        """, "schedule", "mapping form of schedule"),
                // ModuleNotFoundError: No module named 'airflow.datasets'
                Arguments.of("""
                        d:
                          tasks:
                            - task_id: t
                              operator: %s
                              bash_command: echo
                              outlets: [{__type__: airflow.datasets.metadata.Metadata, uri: "s3://a/b"}]
                        """.formatted(BASH), "outlets", "removed the module airflow.datasets"),
                // ValueError: 'dummy' is not a valid TriggerRule
                Arguments.of("""
                        d:
                          tasks: [{task_id: t, operator: %s, bash_command: echo, trigger_rule: dummy}]
                        """.formatted(BASH), "dummy", "'dummy' was removed in Airflow 3; use 'always'"),
                // TypeError: Invalid arguments were passed to BashOperator (task_id: t). ... {'retires': 3}
                Arguments.of("""
                        d:
                          tasks:
                            - task_id: t
                              operator: %s
                              bash_command: echo
                              retires: 3
                        """.formatted(BASH), "retires", "did you mean 'retries'?"),
                // ValueError: pool slots for t in dag d cannot be less than 1
                Arguments.of("""
                        d:
                          tasks: [{task_id: t, operator: %s, bash_command: echo, pool_slots: 0}]
                        """.formatted(BASH), "pool_slots", "pool_slots cannot be less than 1"),
                // ValueError: The key 'esc/../x' has to be made of alphanumeric characters, dashes, dots, ...
                Arguments.of("""
                        "esc/../x":
                          tasks: [{task_id: t, operator: %s, bash_command: echo}]
                        """.formatted(BASH), "esc/", "letters, digits, '_', '-' or '.'"),
                // TypeError: 'NoneType' object is not a mapping
                Arguments.of("""
                        d:
                        other: {description: x}
                        """, "d:", "has no config"));
    }

    @ParameterizedTest
    @MethodSource("refusedByAirflow3")
    void whatAirflow3RefusesIsAnImportErrorSayingWhy(String yaml, String lineSnippet, String reason) {
        Path file = folder.write("dags/strict.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.dags()).isEmpty();
        assertThat(bag.importErrors()).first().satisfies(error -> {
            assertThat(error.filename()).isEqualTo(file.toString());
            assertThat(error.line()).isEqualTo(lineOf(yaml, lineSnippet));
            assertThat(error.message()).contains(reason);
        });
    }

    /** Airflow accepts these two (the DAG never runs / retries are clamped); issue 12 asks for import errors. */
    @Test
    void endDateBeforeStartDateAndNegativeRetriesAreRefusedToo() {
        String yaml = """
                d:
                  start_date: 2024-11-11
                  end_date: 2024-01-01
                  tasks: [{task_id: t, operator: %s, bash_command: echo, retries: -5}]
                """.formatted(BASH);
        folder.write("dags/dates.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).extracting(ImportError::line, ImportError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "DAG 'd': end_date 2024-01-01T00:00:00Z is before start_date "
                        + "2024-11-11T00:00:00Z"),
                org.assertj.core.groups.Tuple.tuple(4, "DAG 'd': task 't': retries must be 0 or more, not -5"));
    }

    @Test
    void aYamlFileHoldingNoDagIsADataFileNotAnImportError() {
        // dag-factory 1.1.0's dev/dags/datasets/example_config_datasets.yml, which load_yaml_dags logs and skips
        Path data = folder.write("dags/datasets/example_config_datasets.yml", """
                datasets:
                  - name: dataset_custom_1
                    uri: s3://bucket-cjmm/raw/dataset_custom_1
                """);
        folder.write("dags/list.yml", "- a\n- b\n");
        folder.write("dags/real.yml", "real:\n  tasks: [{task_id: t, operator: " + BASH + ", bash_command: echo}]\n");
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("real");
        assertThat(bag.warnings()).filteredOn(w -> w.filename().equals(data.toString())).singleElement()
                .extracting(LoadWarning::message).asString().contains("holds no DAG");
    }

    @Test
    void unsupportedKeysAreAcceptedWithAWarningNamingWhatIsIgnored() {
        folder.write("dags/assets.yml", """
                d:
                  schedule: ["s3://a/b"]
                  default_view: grid
                  tasks: [{task_id: t, operator: %s, bash_command: echo}]
                """.formatted(BASH));
        DagBag bag = folder.load();
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("d");
        assertThat(bag.warnings()).extracting(LoadWarning::message).singleElement().satisfies(m ->
                assertThat(m).contains("'default_view'", "ignored"));
        assertThat(bag.dags().get(0).schedule()).isEqualTo(Schedule.ASSETS);
    }
}
