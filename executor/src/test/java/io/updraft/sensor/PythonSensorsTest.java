package io.updraft.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
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
 * Sensors that call the DAG author's Python: PythonSensor (truthy values and PokeReturnValue), HttpSensor's
 * response_check and ExternalTaskSensor's execution_date_fn, as dag-factory names them, run by the engine.
 */
class PythonSensorsTest {

    private static final String STD = "airflow.providers.standard.sensors.";

    @TempDir
    Path dir;

    private Path callables() throws Exception {
        Path file = dir.resolve("callables.py");
        Files.writeString(file, """
                import os
                from datetime import timedelta
                from airflow.sdk import PokeReturnValue

                def second_poke(marker):
                    if os.path.exists(marker):
                        return PokeReturnValue(is_done=True, xcom_value={"rows": 3})
                    open(marker, "w").close()
                    return PokeReturnValue(False, xcom_value="not pushed")

                def nothing():
                    return []

                def day_before(logical_date, **context):
                    return [logical_date - timedelta(days=1)]

                def is_done(response, ds):
                    return response.json()["status"] == "done" and len(ds) == 10
                """);
        return file;
    }

    @Test
    void pythonSensorPushesAPokeReturnValuesXcomValueAndSoftFailsOnFalse() throws Exception {
        Path file = callables();
        String yaml = "py_sensors:\n  schedule: None\n  default_args: {start_date: 2024-01-01}\n  tasks:\n" + """
                    - task_id: rows
                      operator: %spython.PythonSensor
                      python_callable_name: second_poke
                      python_callable_file: %s
                      op_args: ["%s"]
                      poke_interval: 0.1
                      mode: reschedule
                    - task_id: never
                      operator: %spython.PythonSensor
                      python_callable_name: nothing
                      python_callable_file: %s
                      poke_interval: 0.1
                      timeout: 0.5
                      soft_fail: true
                """.formatted(STD, file, dir.resolve("marker"), STD, file);
        try (SensorHarness h = new SensorHarness(dir, yaml, Map.of())) {
            DagRun run = h.trigger("py_sensors");
            h.await(run, "rows", TaskState.UP_FOR_RESCHEDULE);
            assertThat(h.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.ti(run, "rows").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(h.ti(run, "rows").tryNumber()).isEqualTo(1);
            assertThat(h.updraft.runs().findXCom("py_sensors", run.runId(), "rows", -1, "return_value")
                    .orElseThrow().value()).isEqualTo("{\"rows\":3}");
            assertThat(h.ti(run, "never").state()).isEqualTo(TaskState.SKIPPED);
            assertThat(h.updraft.runs().findXCom("py_sensors", run.runId(), "never", -1, "return_value")).isEmpty();
        }
    }

    @Test
    void httpResponseCheckAndExecutionDateFnCallTheAuthorsFunctions() throws Exception {
        Path file = callables();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/job", exchange -> {
            byte[] body = ("{\"status\": \"" + (calls.incrementAndGet() >= 3 ? "done" : "pending") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String yaml = "checks:\n  schedule: None\n  default_args: {start_date: 2024-01-01}\n  tasks:\n" + """
                    - task_id: by_file
                      operator: airflow.providers.http.sensors.http.HttpSensor
                      http_conn_id: api
                      endpoint: job
                      response_check_name: is_done
                      response_check_file: %s
                      poke_interval: 0.1
                      deferrable: true
                    - task_id: by_lambda
                      operator: airflow.providers.http.sensors.http.HttpSensor
                      http_conn_id: api
                      endpoint: job
                      response_check_lambda: 'lambda response: response.status_code == 200 and "status" in response.text'
                      dependencies: [by_file]
                    - task_id: day_before
                      operator: %sexternal_task.ExternalTaskSensor
                      external_dag_id: other
                      execution_date_fn_name: day_before
                      execution_date_fn_file: %s
                      poke_interval: 0.1
                      timeout: 30
                """.formatted(file, STD, file)
                + "other:\n  schedule: None\n  default_args: {start_date: 2024-01-01}\n  tasks:\n"
                + "    - {task_id: t, operator: airflow.providers.standard.operators.empty.EmptyOperator}\n";
        try (SensorHarness h = new SensorHarness(dir, yaml,
                Map.of("AIRFLOW_CONN_API", "http://127.0.0.1:" + server.getAddress().getPort()))) {
            java.time.Instant date = java.time.Instant.parse("2024-06-02T00:00:00Z");
            DagRun other = h.engine.trigger(h.updraft.dag("other").orElseThrow(),
                    io.updraft.run.TriggerRequest.manual(date.minus(java.time.Duration.ofDays(1)), Map.of(), "test"));
            assertThat(h.finish(other).state()).isEqualTo(RunState.SUCCESS);
            DagRun run = h.engine.trigger(h.updraft.dag("checks").orElseThrow(),
                    io.updraft.run.TriggerRequest.manual(date, Map.of(), "test"));
            assertThat(h.finish(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(h.ti(run, "by_file").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(h.ti(run, "by_lambda").state()).isEqualTo(TaskState.SUCCESS);
            assertThat(calls.get()).as("pending twice, then done; then the lambda's one call").isEqualTo(4);
            assertThat(h.ti(run, "day_before").state()).as("found the run of the day before").isEqualTo(
                    TaskState.SUCCESS);
        } finally {
            server.stop(0);
        }
    }
}
