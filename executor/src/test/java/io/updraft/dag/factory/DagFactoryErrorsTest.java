package io.updraft.dag.factory;

import static io.updraft.dag.factory.DagFolder.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of broken DAG gives one import error naming the file, the line of the offending key and the reason,
 * while the healthy DAG next to it in the same file, and the healthy file next to it, still load.
 */
class DagFactoryErrorsTest {

    private static final String BASH = "airflow.operators.bash.BashOperator";
    private static final String HEALTHY_DAG = """
            healthy:
              tasks:
                - {task_id: ok, operator: %s, bash_command: echo}
            """.formatted(BASH);

    @TempDir
    Path tempDir;
    private DagFolder folder;

    @BeforeEach
    void setUp() {
        folder = new DagFolder(tempDir);
        folder.write("other.yml", "other_file_dag:\n  tasks: [{task_id: t, operator: " + BASH + ", bash_command: echo}]\n");
    }

    /** A broken DAG, the snippet of the line the error must point at, and words the message must contain. */
    static Stream<Arguments> brokenDags() {
        return Stream.of(
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: t
                              operator: airflow.operators.nope.NopeOperator
                        """, "NopeOperator", "unknown operator 'airflow.operators.nope.NopeOperator'"),
                Arguments.of("""
                        broken:
                          tasks:
                            - {task_id: a, operator: %1$s, bash_command: echo, dependencies: [c]}
                            - {task_id: b, operator: %1$s, bash_command: echo, dependencies: [a]}
                            - {task_id: c, operator: %1$s, bash_command: echo, dependencies: [b]}
                        """.formatted(BASH), "task_id: a", "cycle: a -> b -> c -> a"),
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: a
                              operator: %s
                              bash_command: echo
                              dependencies: [ghost]
                        """.formatted(BASH), "dependencies", "depends on 'ghost'"),
                Arguments.of("""
                        broken:
                          tasks:
                            - {task_id: a, operator: %1$s, bash_command: echo}
                            - {task_id: a, operator: %1$s, bash_command: echo 2}
                        """.formatted(BASH), "echo 2", "duplicate task_id 'a'"),
                Arguments.of("""
                        broken:
                          schedule: "61 * * * *"
                        """, "schedule", "invalid cron expression '61 * * * *'"),
                Arguments.of("""
                        broken:
                          schedule: "0 3 * *"
                        """, "schedule", "expected 5 fields"),
                Arguments.of("""
                        broken:
                          start_date: next tuesday
                        """, "start_date", "cannot read date 'next tuesday'"),
                Arguments.of("""
                        broken:
                          default_args:
                            start_date: 2024-13-45
                        """, "start_date", "cannot read date '2024-13-45'"),
                Arguments.of("""
                        broken:
                          description: old style
                          schedule_interval: "@daily"
                        """, "schedule_interval", "dag-factory 1.x; use 'schedule'"),
                Arguments.of("""
                        broken:
                          timezone: Mars/Olympus
                        """, "timezone", "unknown timezone 'Mars/Olympus'"),
                Arguments.of("""
                        broken:
                          render_template_as_native_obj: "yes please"
                        """, "render_template_as_native_obj", "must be true or false"),
                Arguments.of("""
                        broken:
                          tasks:
                            - {task_id: a, operator: %s, bash_command: echo, trigger_rule: sometimes}
                        """.formatted(BASH), "sometimes", "unknown trigger_rule 'sometimes'"),
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: a
                              operator: airflow.operators.python.PythonOperator
                              python_callable_name: f
                              python_callable_file: relative/path.py
                        """, "python_callable_file", "must be an absolute path"),
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: a
                              operator: airflow.operators.python.PythonOperator
                              python_callable_name: f
                              python_callable_file: /no/such/file.py
                        """, "python_callable_file", "'/no/such/file.py' does not exist"),
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: a
                              operator: %s
                              bash_command: echo
                              partial: {bash_command: echo again}
                        """.formatted(BASH), "partial", "set both in partial and in the task"),
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: a
                              operator: %s
                              env: {}
                        """.formatted(BASH), "  operator:", "bash_command is required"),
                Arguments.of("""
                        broken:
                          task_groups:
                            - {group_name: g, parent_group_name: missing}
                        """, "parent_group_name", "parent group 'missing', which does not exist"),
                Arguments.of("""
                        broken:
                          tasks:
                            - task_id: a
                              operator: %s
                              bash_command: echo
                              retries: many
                        """.formatted(BASH), "retries", "'retries' must be an integer"),
                Arguments.of("""
                        broken:
                          on_failure_callback: {channel: ops}
                        """, "on_failure_callback", "needs a 'callback' key"));
    }

    @ParameterizedTest
    @MethodSource("brokenDags")
    void brokenDagIsAnImportErrorAtItsLineAndFailsItsWholeFileOnly(String brokenDag, String lineSnippet,
                                                                  String reason) {
        String yaml = HEALTHY_DAG + brokenDag;
        Path file = folder.write("dags/mixed.yml", yaml);
        DagBag bag = folder.load();

        assertThat(bag.importErrors()).hasSize(2).allSatisfy(error ->
                assertThat(error.filename()).isEqualTo(file.toString()));
        assertThat(bag.importErrors().get(0)).satisfies(error -> {
            assertThat(error.line()).isEqualTo(lineOf(yaml, lineSnippet));
            assertThat(error.column()).isPositive();
            assertThat(error.message()).startsWith("DAG 'broken': ").contains(reason);
            assertThat(error.stackTrace()).startsWith(file + ":" + error.line() + ":" + error.column() + ": ");
        });
        // as dag-factory 1.1.0: one DAG that fails fails the whole file, and the error says so
        assertThat(bag.importErrors().get(1).message()).contains("other DAGs (healthy) are not loaded");
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("other_file_dag");
    }

    @Test
    void yamlSyntaxErrorFailsTheWholeFileWithSnakeYamlsPosition() {
        String yaml = HEALTHY_DAG + "broken:\n  tasks: [unclosed\n  description: x\n";
        Path file = folder.write("dags/syntax.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).singleElement().satisfies(error -> {
            assertThat(error.filename()).isEqualTo(file.toString());
            assertThat(error.line()).isGreaterThanOrEqualTo(lineOf(yaml, "unclosed"));
            assertThat(error.message()).startsWith("invalid YAML");
        });
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("other_file_dag");
    }

    @Test
    void duplicateYamlKeyIsAnErrorAtTheSecondKey() {
        String yaml = "dup:\n  description: one\n  description: two\n";
        folder.write("dags/dup.yml", yaml);
        assertThat(folder.load().importErrors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.column()).isEqualTo(3);
            assertThat(error.message()).isEqualTo("duplicate key 'description'");
        });
    }

    @Test
    void removedYamlTagsAreErrors() {
        folder.write("dags/tags.yml", "tagged:\n  schedule: !and [a, b]\n");
        assertThat(folder.load().importErrors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.message()).contains("unsupported YAML tag '!and'");
        });
    }

    @Test
    void duplicateDagIdAcrossFilesIsAnErrorOnTheSecondFileNamingBoth() {
        Path first = folder.write("a/first.yml", HEALTHY_DAG);
        Path second = folder.write("b/second.yml", "another:\n  description: fine\n" + HEALTHY_DAG);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).singleElement().satisfies(error -> {
            assertThat(error.filename()).isEqualTo(second.toString());
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.message()).contains("'healthy'", first.toString(), second.toString());
        });
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactlyInAnyOrder("healthy", "another", "other_file_dag");
        assertThat(bag.dags()).filteredOn(dag -> dag.dagId().equals("healthy"))
                .singleElement().extracting(Dag::fileloc).isEqualTo(first.toString());
    }

    @Test
    void errorInAValueInheritedFromTheDefaultBlockPointsAtTheDefaultBlock() {
        String yaml = "default:\n  schedule: '99 * * * *'\n" + HEALTHY_DAG;
        folder.write("dags/inherited.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.message()).contains("DAG 'healthy'", "invalid cron expression");
        });
    }

    @Test
    void brokenDefaultsFileIsAnErrorForTheDagFilesBelowIt() {
        folder.write("team/defaults.yml", "default_args: [unclosed\n");
        Path dagFile = folder.write("team/dag.yml", HEALTHY_DAG);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).singleElement().satisfies(error -> {
            assertThat(error.filename()).isEqualTo(dagFile.toString());
            assertThat(error.message()).contains(tempDir.resolve("team/defaults.yml").toString(), "invalid YAML");
        });
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("other_file_dag");
    }
}
