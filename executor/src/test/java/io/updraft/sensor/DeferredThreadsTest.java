package io.updraft.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deferred sensors cost no thread each: a mapped deferrable FileSensor of {@code updraft.test.deferred} (default
 * 2,000) instances all wait deferred with the same number of live threads as 100 of them; then the file appears,
 * every trigger fires and every instance resumes its try and succeeds.
 */
class DeferredThreadsTest {

    @TempDir
    Path dir;

    /** Tasks of at most 1,000 mapped instances each (Airflow's max_map_length is 1,024). */
    private static String dag(String dagId, Path file, int count) {
        StringBuilder yaml = new StringBuilder(dagId + ":\n  schedule: None\n  default_args: {start_date: 2024-01-01"
                + ", max_active_tis_per_dag: 64}\n  max_active_tasks: 64\n  tasks:\n");
        for (int task = 0; task * 1000 < count; task++) {
            String paths = String.join(", ", Collections.nCopies(Math.min(1000, count - task * 1000),
                    "'" + file + "'"));
            yaml.append("    - task_id: wait_").append(task).append("\n")
                    .append("      operator: airflow.providers.standard.sensors.filesystem.FileSensor\n")
                    .append("      partial: {deferrable: true, poke_interval: 1}\n")
                    .append("      expand: {filepath: [").append(paths).append("]}\n");
        }
        return yaml.toString();
    }

    @Test
    void thousandsOfDeferredSensorsAddNoThreads() throws Exception {
        int many = Integer.getInteger("updraft.test.deferred", 2000);
        Path file = dir.resolve("flag");
        try (SensorHarness h = new SensorHarness(dir, dag("few", file, 100) + dag("many", file, many),
                Map.of("AIRFLOW_CONN_FS_DEFAULT", "fs://"))) {
            DagRun few = h.trigger("few");
            SensorHarness.awaitTrue(() -> h.engine.heldTriggers() == 100, () -> "100 deferred");
            int threadsWithFew = ManagementFactory.getThreadMXBean().getThreadCount();

            long started = System.nanoTime();
            DagRun lots = h.trigger("many");
            SensorHarness.awaitTrue(() -> h.engine.heldTriggers() == 100 + many, () -> many + " deferred (" + h.engine.heldTriggers() + " held)",
                    java.time.Duration.ofSeconds(600));
            double deferSeconds = (System.nanoTime() - started) / 1e9;
            int threadsWithMany = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(h.updraft.runs().taskInstances("many", lots.runId())).hasSize(many)
                    .allMatch(ti -> ti.state() == TaskState.DEFERRED);
            assertThat(threadsWithMany).as("live threads with %d deferred vs 100", many)
                    .isLessThanOrEqualTo(threadsWithFew + 2);

            started = System.nanoTime();
            Files.writeString(file, "go");
            assertThat(h.finish(lots).state()).isEqualTo(RunState.SUCCESS);
            double resumeSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(h.finish(few).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.updraft.runs().taskInstances("many", lots.runId())).extracting(TaskInstance::tryNumber)
                    .containsOnly(1);
            System.out.printf("deferred sensors: %d; threads with 100 deferred: %d, with %d: %d; "
                    + "all deferred in %.1f s; all resumed and succeeded in %.1f s%n", many, threadsWithFew,
                    100 + many, threadsWithMany, deferSeconds, resumeSeconds);
        }
    }
}
