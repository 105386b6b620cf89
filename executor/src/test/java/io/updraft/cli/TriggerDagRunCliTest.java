package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TriggerDagRunOperator under {@code updraft dags test}, each answer as Airflow 3.3.2's {@code airflow dags test}
 * gave it for the same file: the triggered run is created (queued, with its conf) but not run in that process, and
 * {@code fail_when_dag_is_paused} fails the task on a paused target with Airflow's message.
 */
class TriggerDagRunCliTest {

    @TempDir
    Path root;

    @Test
    @SuppressWarnings("unchecked")
    void dagsTestQueuesTheTriggeredRunWithoutRunningItAndAPausedTargetFailsWhenAsked() throws Exception {
        CliProcess updraft = CliProcess.withDags(root, "trigger_dag_run.yml");

        CliProcess.Result plain = updraft.run("dags", "test", "trigger_plain", "2024-01-01");
        assertThat(plain.exitCode()).as(plain.stdout() + plain.stderr()).isZero();
        assertThat(plain.stdout()).contains("Dag Run triggered successfully. trigger_dag_id=target")
                .doesNotContain("TARGET-RAN");
        List<Map<String, Object>> targetRuns = (List<Map<String, Object>>) json(
                updraft.run("dags", "list-runs", "target", "-o", "json"));
        assertThat(targetRuns).singleElement().satisfies(run -> {
            assertThat(run).containsEntry("state", "queued");
            assertThat((String) run.get("run_id")).startsWith("manual__");
        });
        CliProcess.Result states = updraft.run("tasks", "states-for-dag-run", "target",
                (String) targetRuns.get(0).get("run_id"), "-o", "json");
        assertThat(states.stdout()).doesNotContain("success", "running");

        CliProcess.Result paused = updraft.run("dags", "test", "trigger_paused", "2024-01-01");
        assertThat(paused.exitCode()).isEqualTo(1);
        assertThat(paused.stdout()).contains("Dag target is paused").doesNotContain("Triggering Dag Run");
        assertThat((List<?>) json(updraft.run("dags", "list-runs", "target", "-o", "json"))).hasSize(1);
    }

    /** The JSON line of a command's output (log lines may come before it). */
    private static Object json(CliProcess.Result result) {
        return Json.read(result.stdout().lines().filter(line -> line.startsWith("[")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON in: " + result.stdout() + result.stderr())));
    }
}
