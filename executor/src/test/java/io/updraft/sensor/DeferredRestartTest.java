package io.updraft.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deferred sensor outlives its process: the next one holds its trigger again and resumes the same try once. */
class DeferredRestartTest {

    @TempDir
    Path dir;

    @Test
    void aDeferredSensorIsResumedByTheNextProcess() throws Exception {
        Path file = dir.resolve("flag");
        String yaml = """
                restart:
                  schedule: None
                  default_args: {start_date: 2024-01-01}
                  tasks:
                    - task_id: wait
                      operator: airflow.providers.standard.sensors.filesystem.FileSensor
                      filepath: %s
                      poke_interval: 0.2
                      deferrable: true
                """.formatted(file);
        Map<String, String> env = Map.of("AIRFLOW_CONN_FS_DEFAULT", "fs://");
        DagRun run;
        try (SensorHarness first = new SensorHarness(dir, yaml, env)) {
            run = first.trigger("restart");
            first.await(run, "wait", TaskState.DEFERRED);
        }
        try (SensorHarness next = new SensorHarness(dir, yaml, env)) {
            assertThat(next.ti(run, "wait").state()).isEqualTo(TaskState.DEFERRED);
            next.engine.recover();
            SensorHarness.awaitTrue(() -> next.engine.heldTriggers() == 1, () -> "the trigger held again");
            Files.writeString(file, "go");
            assertThat(next.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(next.ti(run, "wait").tryNumber()).isEqualTo(1);
            assertThat(next.updraft.runs().tries(next.ti(run, "wait").key())).as("no try was superseded").isEmpty();
        }
    }
}
