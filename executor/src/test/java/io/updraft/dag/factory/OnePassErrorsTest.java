package io.updraft.dag.factory;

import static io.updraft.dag.factory.DagFolder.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error of a file is reported in one load, each at its line, with "did you mean" for misspellings. */
class OnePassErrorsTest {

    @TempDir
    Path tempDir;

    @Test
    void threeMistakesGiveThreeErrorsInOneLoadWithSuggestions() {
        String yaml = """
                report:
                  schedule: "0 3 * *"
                  shedule_interval_typo: 1
                  tasks:
                    - task_id: extract
                      operator: airflow.providers.standard.operators.bash.BashOprator
                      bash_command: echo
                    - task_id: load
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: echo
                      trigger_rule: all_sucess
                      dependencies: [extrct]
                """;
        DagFolder folder = new DagFolder(tempDir);
        folder.write("report.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).extracting(ImportError::line).containsExactly(lineOf(yaml, "schedule: \"0"),
                lineOf(yaml, "BashOprator"), lineOf(yaml, "all_sucess"), lineOf(yaml, "dependencies"));
        assertThat(bag.importErrors()).extracting(ImportError::message).satisfiesExactly(
                m -> assertThat(m).contains("invalid cron expression"),
                m -> assertThat(m).contains("unknown operator", "did you mean "
                        + "'airflow.providers.standard.operators.bash.BashOperator'?"),
                m -> assertThat(m).contains("unknown trigger_rule 'all_sucess'; did you mean 'all_success'?"),
                m -> assertThat(m).contains("depends on 'extrct'", "did you mean 'extract'?"));
    }

    @Test
    void misspeltDagKeysAreWarningsWithSuggestions() {
        String yaml = """
                report:
                  shedule: "@daily"
                  default_args: {retires: 2}
                  tasks: [{task_id: t, operator: airflow.operators.bash.BashOperator, bash_command: echo}]
                """;
        DagFolder folder = new DagFolder(tempDir);
        folder.write("report.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.warnings()).extracting(LoadWarning::line, LoadWarning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "unknown DAG key 'shedule' ignored; did you mean 'schedule'?"),
                org.assertj.core.groups.Tuple.tuple(3, "unknown default_args key 'retires' ignored (not a BaseOperator "
                        + "argument); did you mean 'retries'?"));
    }
}
