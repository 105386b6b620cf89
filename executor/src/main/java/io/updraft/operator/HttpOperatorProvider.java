package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Airflow's HttpOperator (http provider), also under its old SimpleHttpOperator names. */
public final class HttpOperatorProvider implements OperatorProvider {

    static final Set<String> NAMES = Set.of(
            "airflow.providers.http.operators.http.HttpOperator",
            "airflow.providers.http.operators.http.SimpleHttpOperator",
            "airflow.operators.http_operator.SimpleHttpOperator");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Override
    public Set<String> operatorNames() {
        return NAMES;
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        Arguments.string(arguments, "http_conn_id", null);
        Arguments.string(arguments, "endpoint", null);
        method(arguments);
        Map<String, Object> headers = Arguments.map(arguments, "headers");
        Object data = arguments.get("data");
        if (data != null && !(data instanceof Map<?, ?>) && !(data instanceof String)) {
            throw new IllegalArgumentException("data must be a mapping or a string, got " + Arguments.describe(data));
        }
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (value instanceof Map<?, ?> || value instanceof java.util.List<?>) {
                    throw new IllegalArgumentException("headers." + name + " must be a single value");
                }
            });
        }
        Arguments.bool(arguments, "log_response", false);
    }

    @Override
    public Set<String> templateFields(String operatorName) {
        return Set.of("endpoint", "data", "headers");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        return new HttpOperator(new HttpOperator.Request(
                Arguments.string(arguments, "http_conn_id", "http_default"), method(arguments),
                Arguments.string(arguments, "endpoint", ""), arguments.get("data"),
                Arguments.map(arguments, "headers"), Arguments.bool(arguments, "log_response", false)));
    }

    private static String method(Map<String, Object> arguments) {
        String method = Arguments.string(arguments, "method", "POST").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", got '" + method + "'");
        }
        return method;
    }
}
