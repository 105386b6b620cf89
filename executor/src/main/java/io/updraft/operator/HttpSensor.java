package io.updraft.operator;

import io.updraft.run.Trigger;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The http provider's HttpSensor: pokes {@code endpoint} on the {@code http_conn_id} connection's host; a 2xx answer
 * meets the criteria, a status in {@code response_error_codes_allowlist} (404) means not yet, any other fails the
 * poke. Deferred, the engine's triggerer makes the same request every {@code poke_interval}.
 */
final class HttpSensor extends SensorOperator {

    static final String TRIGGER = "http";

    private final HttpOperator.Request request;
    private final List<String> allowlist;

    HttpSensor(SensorArguments sensor, HttpOperator.Request request, List<String> allowlist) {
        super(sensor);
        this.request = request;
        this.allowlist = allowlist;
    }

    @Override
    protected Poke poke(RunningTask task) throws Exception {
        task.taskLog().info("http.py", "Poking: " + request.endpoint());
        HttpResponse<String> response = new HttpOperator(request)
                .send(HttpConnections.find(request.connectionId(), task), task.taskLog());
        return Poke.of(done(response, allowlist));
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
