package io.updraft.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensors as a user runs them: YAML DAGs in a folder, run by the engine against a real file, a real HTTP server and
 * another DAG's run; reschedule and deferral seen in the store's states, timeouts and soft_fail.
 */
class SensorsTest {

    private static final String STD = "airflow.providers.standard.sensors.";

    @TempDir
    Path dir;

    private static String dag(String dagId, String tasks) {
        return dagId + ":\n  schedule: None\n  default_args: {start_date: 2024-01-01}\n  tasks:\n" + tasks;
    }

    @Test
    void fileSensorPokesUntilTheFileExistsHoldingItsSlot() throws Exception {
        Path file = dir.resolve("landing/ready.csv");
        String yaml = dag("wait_file", """
                    - task_id: wait
                      operator: %sfilesystem.FileSensor
                      filepath: %s
                      poke_interval: 0.1
                      timeout: 60
                    - task_id: after
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: echo done
                      dependencies: [wait]
                """.formatted(STD, dir.resolve("landing/*.csv")));
        try (SensorHarness h = new SensorHarness(dir, yaml, Map.of("AIRFLOW_CONN_FS_DEFAULT", "fs://"))) {
            DagRun run = h.trigger("wait_file");
            h.await(run, "wait", TaskState.RUNNING);
            assertThat(h.ti(run, "after").state()).as("downstream of a running sensor waits").isEqualTo(TaskState.NONE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "a,b\n");
            assertThat(h.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.ti(run, "wait").tryNumber()).isEqualTo(1);
        }
    }

    @Test
    void rescheduleModeFreesTheSlotKeepsTheTryAndTimesOutFromTheFirstPoke() throws Exception {
        String yaml = dag("resched", """
                    - task_id: wait
                      operator: %stime_delta.TimeDeltaSensor
                      delta: {__type__: datetime.timedelta, seconds: 1}
                      mode: reschedule
                      poke_interval: 0.2
                """.formatted(STD)) + dag("resched_timeout", """
                    - task_id: never
                      operator: %sfilesystem.FileSensor
                      filepath: %s
                      mode: reschedule
                      poke_interval: 0.2
                      timeout: 1
                      retries: 3
                """.formatted(STD, dir.resolve("never-there")));
        try (SensorHarness h = new SensorHarness(dir, yaml, Map.of("AIRFLOW_CONN_FS_DEFAULT", "fs://"))) {
            DagRun run = h.trigger("resched");
            TaskInstance waiting = h.await(run, "wait", TaskState.UP_FOR_RESCHEDULE);
            assertThat(waiting.tryNumber()).isEqualTo(1);
            assertThat(h.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.ti(run, "wait").tryNumber()).as("a reschedule is the same try").isEqualTo(1);
            assertThat(h.updraft.runs().tries(waiting.key())).as("no try was superseded").isEmpty();

            DagRun timedOut = h.trigger("resched_timeout");
            assertThat(h.finish(timedOut).state()).isEqualTo(RunState.FAILED);
            TaskInstance never = h.ti(timedOut, "never");
            assertThat(never.state()).isEqualTo(TaskState.FAILED);
            assertThat(never.tryNumber()).as("a sensor timeout is not retried").isEqualTo(1);
            assertThat(Files.readString(h.updraft.config().logsFolder().resolve("dag_id=resched_timeout")
                    .resolve("run_id=" + timedOut.runId()).resolve("task_id=never").resolve("attempt=1.log")))
                    .contains("Sensor has timed out");
        }
    }

    @Test
    void softFailSkipsOnTimeoutInPokeMode() throws Exception {
        String yaml = dag("soft", """
                    - task_id: never
                      operator: %sfilesystem.FileSensor
                      filepath: %s
                      poke_interval: 0.1
                      timeout: 0.5
                      soft_fail: true
                    - task_id: after
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: echo
                      dependencies: [never]
                """.formatted(STD, dir.resolve("missing")));
        try (SensorHarness h = new SensorHarness(dir, yaml, Map.of("AIRFLOW_CONN_FS_DEFAULT", "fs://"))) {
            DagRun run = h.trigger("soft");
            assertThat(h.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.ti(run, "never").state()).isEqualTo(TaskState.SKIPPED);
            assertThat(h.ti(run, "after").state()).isEqualTo(TaskState.SKIPPED);
        }
    }

    @Test
    void deferrableSensorsWaitDeferredAndResumeTheSameTry() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", exchange -> {
            boolean ready = calls.incrementAndGet() >= 3;
            byte[] body = (ready ? "yes" : "no").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String yaml = dag("deferred", """
                    - task_id: timer
                      operator: %stime_delta.TimeDeltaSensor
                      delta: {__type__: datetime.timedelta, seconds: 1}
                      deferrable: true
                    - task_id: http
                      operator: airflow.providers.http.sensors.http.HttpSensor
                      http_conn_id: api
                      endpoint: ready
                      poke_interval: 0.2
                      deferrable: true
                """.formatted(STD));
        try (SensorHarness h = new SensorHarness(dir, yaml,
                Map.of("AIRFLOW_CONN_API", "http://127.0.0.1:" + server.getAddress().getPort()))) {
            DagRun run = h.trigger("deferred");
            assertThat(h.await(run, "timer", TaskState.DEFERRED).tryNumber()).isEqualTo(1);
            h.await(run, "http", TaskState.DEFERRED);
            assertThat(h.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.ti(run, "timer").tryNumber()).isEqualTo(1);
            assertThat(h.ti(run, "http").tryNumber()).isEqualTo(1);
            assertThat(calls.get()).isGreaterThanOrEqualTo(3);
            assertThat(h.engine.heldTriggers()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void externalTaskSensorAndTriggerDagRunWaitForAnotherDagsRun() throws Exception {
        String yaml = dag("upstream_dag", """
                    - task_id: produce
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: 'echo {{ dag_run.conf.get("size", 0) }}'
                """) + dag("watcher", """
                    - task_id: watch
                      operator: %sexternal_task.ExternalTaskSensor
                      external_dag_id: upstream_dag
                      external_task_id: produce
                      poke_interval: 0.2
                      mode: reschedule
                """.formatted(STD)) + dag("parent", """
                    - task_id: kick
                      operator: airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator
                      trigger_dag_id: upstream_dag
                      trigger_run_id: 'from_{{ run_id }}'
                      conf: {size: 7}
                      wait_for_completion: true
                      poke_interval: 0.2
                      deferrable: true
                """);
        try (SensorHarness h = new SensorHarness(dir, yaml, Map.of())) {
            DagRun watcher = h.trigger("watcher");
            h.await(watcher, "watch", TaskState.UP_FOR_RESCHEDULE);
            DagRun upstream = h.engine.trigger(h.updraft.dag("upstream_dag").orElseThrow(),
                    io.updraft.run.TriggerRequest.manual(watcher.logicalDate(), Map.of(), "test"));
            assertThat(h.finish(upstream).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.finish(watcher).state()).isEqualTo(RunState.SUCCESS);

            DagRun parent = h.trigger("parent");
            h.await(parent, "kick", TaskState.DEFERRED);
            assertThat(h.finish(parent).state()).isEqualTo(RunState.SUCCESS);
            String childRunId = "from_" + parent.runId();
            assertThat(h.updraft.runs().findXCom("parent", parent.runId(), "kick", -1, "trigger_run_id")
                    .orElseThrow().value()).isEqualTo("\"" + childRunId + "\"");
            DagRun child = h.updraft.runs().findRun("upstream_dag", childRunId).orElseThrow();
            assertThat(child.state()).isEqualTo(RunState.SUCCESS);
            assertThat(child.conf()).containsEntry("size", 7);
            // as Airflow 3.3.2 stores it: run_type operator_triggered, triggered_by operator
            assertThat(child.runType()).isEqualTo(io.updraft.run.RunType.OPERATOR_TRIGGERED);
            assertThat(child.triggeredBy()).isEqualTo("operator");
            assertThat(h.updraft.runs().findXCom("parent", parent.runId(), "kick", -1, "return_value")).isEmpty();
        }
    }
}
