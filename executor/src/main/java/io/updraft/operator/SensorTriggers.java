package io.updraft.operator;

import io.updraft.run.Trigger;
import io.updraft.run.TriggerPoller;
import io.updraft.config.ConnectionReads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of the triggers built-in operators defer on (Airflow's FileTrigger, HttpSensorTrigger,
 * WorkflowTrigger and DagStateTrigger), run by the engine's triggerer: each check is one short look, never a wait.
 */
public final class SensorTriggers implements TriggerPoller {

    private final DagRunAccess runs;
    private final Map<String, String> environment;
    private final ConnectionReads connections;

    public SensorTriggers(DagRunAccess runs, Map<String, String> environment, ConnectionReads connections) {
        this.runs = runs;
        this.environment = Map.copyOf(environment);
        this.connections = connections;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> poll(Trigger trigger) throws Exception {
        Map<String, Object> args = trigger.arguments();
        switch (trigger.kind()) {
            case FileSensor.TRIGGER -> {
                String path = (String) args.get("filepath");
                return FileSensor.exists(path, Boolean.TRUE.equals(args.get("recursive")))
                        ? Map.of("status", "success", "message", "Found File " + path) : null;
            }
            case HttpSensor.TRIGGER -> {
                HttpOperator.Request request = new HttpOperator.Request((String) args.get("http_conn_id"),
                        (String) args.get("method"), (String) args.get("endpoint"), args.get("data"),
                        (Map<String, Object>) args.get("headers"), false);
                HttpOperator http = new HttpOperator(request);
                return HttpSensor.done(http.send(HttpConnections.find(request.connectionId(), environment,
                        connections), null), (List<String>) args.get("allowlist")) ? Map.of("status", "success") : null;
            }
            case ExternalTaskSensor.TRIGGER -> {
                ExternalTaskSensor.Target target = new ExternalTaskSensor.Target((String) args.get("external_dag_id"),
                        (List<String>) args.get("external_task_ids"), (String) args.get("external_task_group_id"),
                        (List<String>) args.get("allowed_states"), (List<String>) args.get("failed_states"),
                        (List<String>) args.get("skipped_states"), Duration.ZERO);
                // waits stored before execution_date_fn had one date: logical_date
                List<String> dates = args.containsKey("logical_dates") ? (List<String>) args.get("logical_dates")
                        : List.of((String) args.get("logical_date"));
                String verdict = ExternalTaskSensor.verdict(target,
                        dates.stream().map(date -> runs.runAt(target.dagId(), Instant.parse(date))).toList());
                return switch (verdict) {
                    case "allowed" -> Map.of("status", "success");
                    case "failed", "skipped" -> Map.of("status", verdict);
                    default -> null;
                };
            }
            case TriggerDagRunOperator.TRIGGER -> {
                Optional<String> state = runs.run((String) args.get("dag_id"), (String) args.get("run_id"))
                        .map(DagRunAccess.RunStates::state);
                return state.filter(((List<String>) args.get("states"))::contains)
                        .map(s -> Map.<String, Object>of("status", "success", "state", s)).orElse(null);
            }
            default -> throw new IllegalArgumentException("no check for triggers of kind '" + trigger.kind() + "'");
        }
    }
}
