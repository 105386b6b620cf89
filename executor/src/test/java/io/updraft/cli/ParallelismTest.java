package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.UpdraftConfig;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import io.updraft.store.Database;
import io.updraft.store.JdbiRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code UPDRAFT_PARALLELISM} (Airflow's {@code [core] parallelism}) bounds the task instances a node runs at once:
 * `updraft scheduler`, a process of its own, runs three independent tasks one after another with 1, side by side
 * with the default.
 */
class ParallelismTest {

    private static final String DAG = """
            three_naps:
              is_paused_upon_creation: false
              default_args: {start_date: 2024-01-01}
              tasks:
                - {task_id: a, operator: updraft.example.Sleep, seconds: 0.5}
                - {task_id: b, operator: updraft.example.Sleep, seconds: 0.5}
                - {task_id: c, operator: updraft.example.Sleep, seconds: 0.5}
            """;

    @TempDir
    Path root;

    @Test
    void oneTaskAtATimeWithParallelismOne() throws Exception {
        List<TaskInstance> tis = runThreeNaps(Map.of("UPDRAFT_PARALLELISM", "1"));

        for (int i = 1; i < tis.size(); i++) {
            assertThat(tis.get(i).startDate()).as("start of %s after the end of %s", tis.get(i).taskId(),
                    tis.get(i - 1).taskId()).isAfterOrEqualTo(tis.get(i - 1).endDate());
        }
    }

    @Test
    void tasksOverlapWithTheDefault() throws Exception {
        List<TaskInstance> tis = runThreeNaps(Map.of());

        assertThat(tis.get(1).startDate()).isBefore(tis.get(0).endDate());
    }

    /** The three tries in the order they started, after `updraft scheduler --exit-when-idle` ran the run. */
    private List<TaskInstance> runThreeNaps(Map<String, String> environment) throws Exception {
        Path dags = Files.createDirectories(root.resolve("dags"));
        Files.writeString(dags.resolve("three_naps.yml"), DAG);
        CliProcess updraft = new CliProcess(root.resolve("home"), dags);
        CliProcess.Result trigger = updraft.run("dags", "trigger", "three_naps");
        assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();

        CliProcess.Result scheduler = updraft.run(environment, "scheduler", "--exit-when-idle");

        assertThat(scheduler.exitCode()).as(scheduler.stderr()).isZero();
        try (Database db = Database.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME",
                root.resolve("home").toString())))) {
            JdbiRunStore runs = new JdbiRunStore(db);
            DagRun run = runs.findRuns("three_naps", Set.of(), 1, 0).get(0);
            List<TaskInstance> tis = runs.taskInstances("three_naps", run.runId()).stream()
                    .sorted(Comparator.comparing(TaskInstance::startDate)).toList();
            assertThat(tis).extracting(ti -> ti.state().value()).containsOnly("success").hasSize(3);
            return tis;
        }
    }
}
