package io.updraft.bench;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.run.TaskInstanceIds;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.store.JdbiRunStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A store at scale for the service benchmarks: {@code dags} real YAML files in a DAGs folder (10 tasks each, three
 * of them in a task group; every other DAG unpaused with a start date far ahead, so it has a Quartz trigger but no
 * run), a few broken files, and then {@code runsPerDag} finished runs per DAG with all their task instances, written
 * through the store's bulk insert as the engine would have left them.
 */
final class ScaleStore {

    static final int TASKS = 10;
    static final int BROKEN_FILES = 5;
    private static final Instant FIRST_DAY = Instant.parse("2024-01-01T03:00:00Z");

    final Path dagsFolder;
    final Path home;
    final int dags;
    final int runsPerDag;

    ScaleStore(Path scratch, int dags, int runsPerDag) {
        this.dagsFolder = scratch.resolve("dags");
        this.home = scratch.resolve("home");
        this.dags = dags;
        this.runsPerDag = runsPerDag;
    }

    void writeDagFiles() throws IOException {
        Files.createDirectories(dagsFolder);
        for (int d = 0; d < dags; d++) {
            Files.writeString(dagsFolder.resolve(dagId(d) + ".yml"), dagFile(d));
        }
        for (int i = 0; i < BROKEN_FILES; i++) {
            Files.writeString(dagsFolder.resolve("broken_" + i + ".yml"), "broken_" + i + ":\n  tasks: [\n");
        }
    }

    /** Loads the folder into the store under {@link #home}, then inserts the runs and task instances in batches. */
    long fillRuns() {
        long count = 0;
        try (Updraft updraft = Updraft.open(new UpdraftConfig(home, dagsFolder, UpdraftConfig.embeddedDbUrl(home),
                null, null), Map.of())) {
            DagBag bag = updraft.loadDags();
            JdbiRunStore store = new JdbiRunStore(updraft.database());
            List<DagRun> runs = new ArrayList<>();
            List<TaskInstance> tis = new ArrayList<>();
            for (Dag dag : bag.dags()) {
                for (int r = 0; r < runsPerDag; r++) {
                    addRun(dag, r, runs, tis);
                }
                if (tis.size() >= 20_000) {
                    count += tis.size();
                    store.insertAll(runs, tis);
                    runs.clear();
                    tis.clear();
                }
            }
            count += tis.size();
            store.insertAll(runs, tis);
        }
        return count;
    }

    /** Finished runs, a day apart: some fail at their last task, some tasks were skipped; tasks ran 1 s each. */
    private void addRun(Dag dag, int r, List<DagRun> runs, List<TaskInstance> tis) {
        Instant logical = FIRST_DAY.plus(Duration.ofDays(r));
        int seed = dag.dagId().hashCode() & 0x7fffffff;
        boolean failed = (seed + r) % 7 == 0;
        Instant start = logical.plus(Duration.ofDays(1)).plusSeconds(5);
        Instant end = start.plusSeconds(2L * TASKS);
        runs.add(new DagRun(0, dag.dagId(), runId(r), logical, logical.minus(Duration.ofDays(1)), logical,
                logical.plus(Duration.ofDays(1)), RunType.SCHEDULED, failed ? RunState.FAILED : RunState.SUCCESS,
                start.minusSeconds(1), start, end, Map.of(), null, "timetable", dag.versionHash(), 0, end, end));
        int t = 0;
        for (String taskId : dag.tasks().keySet()) {
            boolean last = t == dag.tasks().size() - 1;
            TaskState state = failed && last ? TaskState.FAILED
                    : (seed + r + t) % 6 == 5 ? TaskState.SKIPPED : TaskState.SUCCESS;
            Instant taskStart = start.plusSeconds(2L * t);
            tis.add(new TaskInstance(TaskInstanceIds.next(), dag.dagId(), runId(r), taskId, -1, state, 1, 1,
                    taskStart, taskStart.plusSeconds(1), "bench-host", "updraft", 1000 + t, "default_pool", 1,
                    "default", 1, "airflow.providers.standard.operators.bash.BashOperator", taskStart.minusMillis(5),
                    taskStart.minusMillis(10), "{\"bash_command\": \"echo\"}", null, null, null,
                    taskStart.plusSeconds(1)));
            t++;
        }
    }

    long taskInstances() {
        return (long) dags * runsPerDag * TASKS;
    }

    static String dagId(int index) {
        return String.format("scale_dag_%04d", index);
    }

    static String runId(int index) {
        return "scheduled__" + FIRST_DAY.plus(Duration.ofDays(index)).toString().replace("Z", "+00:00");
    }

    /** The run id as a path segment ('+' would read as a space). */
    static String runPath(int index) {
        return URLEncoder.encode(runId(index), StandardCharsets.UTF_8);
    }

    /** t0..t2 in a row, a group grp of t3..t5, then t6..t9 after the group. */
    static String dagFile(int index) {
        boolean scheduled = index % 2 == 1;
        StringBuilder yaml = new StringBuilder();
        yaml.append(dagId(index)).append(":\n")
                .append("  description: generated DAG ").append(index).append('\n')
                .append("  schedule: \"").append(index % 60).append(' ').append(index % 24).append(" * * *\"\n")
                .append("  default_args: {owner: team").append(index % 7).append(", start_date: ")
                .append(scheduled ? "2100-01-01" : "2024-01-01").append("}\n")
                .append("  is_paused_upon_creation: ").append(!scheduled).append('\n')
                .append("  tags: [bench, group").append(index % 10).append("]\n")
                .append("  task_groups:\n    - group_name: grp\n      dependencies: [t2]\n")
                .append("  tasks:\n");
        for (int t = 0; t < TASKS; t++) {
            String id = "t" + t;
            yaml.append("    - task_id: ").append(id).append('\n')
                    .append("      operator: airflow.providers.standard.operators.bash.BashOperator\n")
                    .append("      bash_command: \"echo ").append(id).append("\"\n");
            if (t >= 3 && t < 6) {
                yaml.append("      task_group_name: grp\n");
            } else if (t == 6) {
                yaml.append("      dependencies: [grp]\n");
            } else if (t > 0) {
                yaml.append("      dependencies: [t").append(t - 1).append("]\n");
            }
        }
        return yaml.toString();
    }
}
