package io.updraft.operator;

import io.updraft.dag.PythonCallable;
import io.updraft.run.Trigger;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The http provider's HttpSensor: pokes {@code endpoint} on the {@code http_conn_id} connection's host; a 2xx answer
 * meets the criteria, a status in {@code response_error_codes_allowlist} (404) means not yet, any other fails the
 * poke; then {@code response_check} (dag-factory's {@code response_check_name} + {@code _file} or
 * {@code response_check_lambda}), called with the response (a {@code requests.Response}) and the context keys it names,
 * decides: truthy, or a PokeReturnValue. Deferred, the engine's triggerer makes the same request every
 * {@code poke_interval}; as in Airflow, a sensor with a {@code response_check} does not defer.
 */
final class HttpSensor extends SensorOperator {

    static final String TRIGGER = "http";

    private final HttpOperator.Request request;
    private final List<String> allowlist;
    private final PythonCallable responseCheck;

    HttpSensor(SensorArguments sensor, HttpOperator.Request request, List<String> allowlist,
               PythonCallable responseCheck) {
        super(sensor);
        this.request = request;
        this.allowlist = allowlist;
        this.responseCheck = responseCheck;
    }

    @Override
    protected Poke poke(RunningTask task) throws Exception {
        task.taskLog().info("http.py", "Poking: " + request.endpoint());
        HttpResponse<String> response = new HttpOperator(request)
                .send(HttpConnections.find(request.connectionId(), task), task.taskLog());
        if (!done(response, allowlist) || responseCheck == null) {
            return Poke.of(done(response, allowlist));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status_code", response.statusCode());
        fields.put("text", response.body());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        fields.put("headers", headers);
        fields.put("url", response.uri().toString());
        PythonResult result = new PythonTaskOperator(PythonKind.PLAIN, responseCheck,
                List.of(Map.of("__updraft_http_response__", fields)), Map.of(), null, true, null).call(task);
        return Poke.of(result);
    }

    @Override
    protected Object executeDeferrable(RunningTask task) throws Exception {
        return responseCheck == null ? super.executeDeferrable(task) : pokeUntilDone(task, null);
    }

    /** True for 2xx, false for an allowed error code, else the request's failure. */
    static boolean done(HttpResponse<String> response, List<String> allowlist) {
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
            return true;
        }
        if (allowlist.stream().anyMatch(code -> String.valueOf(status).startsWith(code))) {
            return false;
        }
        throw new IllegalStateException(status + ":" + response.body());
    }

    @Override
    protected Trigger trigger(RunningTask task, Instant timeoutAt) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("http_conn_id", request.connectionId());
        arguments.put("method", request.method());
        arguments.put("endpoint", request.endpoint());
        if (request.data() != null) {
            arguments.put("data", request.data());
        }
        if (request.headers() != null) {
            arguments.put("headers", request.headers());
        }
        arguments.put("allowlist", allowlist);
        return new Trigger(TRIGGER, arguments, Instant.now().plus(sensor.pokeInterval()), sensor.pokeInterval(),
                timeoutAt);
    }
}
