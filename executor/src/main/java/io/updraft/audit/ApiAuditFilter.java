package io.updraft.audit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.updraft.json.Json;
import io.updraft.secrets.SecretsMasker;
import io.updraft.auth.Principal;
import io.updraft.auth.Principals;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records every write an authorized caller makes through the API (and so through the web UI), as Airflow's
 * {@code action_logging}: the endpoint's event name, the user, the DAG, run and task it names, and as extra the
 * request's path, query and body parameters (masked; variable values and connection extras never), its method and
 * the client's address. Dry-run clears are not recorded, as in Airflow.
 */
@ServerFilter({"/api/v1/**", "/api/v2/**", "/api/ml/**"})
public class ApiAuditFilter {

    /** As Airflow's fields_skip_logging: these are columns of their own (or noise). */
    private static final Set<String> NOT_IN_EXTRA = Set.of("dag_id", "task_id", "dag_run_id", "run_id",
            "logical_date", "csrf_token", "_csrf_token");
    private static final Set<String> DRY_RUN_EVENTS = Set.of("clear_dag_run", "post_clear_task_instances");

    private final AuditWriter writer;

    public ApiAuditFilter(AuditWriter writer) {
        this.writer = writer;
    }

    @ResponseFilter
    public void record(HttpRequest<?> request, HttpResponse<?> response) {
        String method = request.getMethodName();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        Optional<Principal> principal = Principals.of(request);
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (principal.isEmpty() || route.isEmpty() || !(route.get() instanceof MethodBasedRouteMatch<?, ?> target)) {
            return;
        }
        String event = ApiEvents.of(target.getDeclaringType().getSimpleName(), target.getMethodName());
        if (event == null) {
            return;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> params.put(name, values.size() == 1 ? values.get(0)
                : values));
        route.get().getVariableValues().forEach((name, value) -> params.put(name, String.valueOf(value)));
        Map<String, Object> body = body(request);
        if (DRY_RUN_EVENTS.contains(event) && !Boolean.FALSE.equals(body.get("dry_run"))) {
            return;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (!NOT_IN_EXTRA.contains(name)) {
                extra.put(name, SecretsMasker.global().redact(value, name));
            }
        });
        body.forEach((name, value) -> {
            if (!NOT_IN_EXTRA.contains(name)) {
                extra.put(name, masked(event, name, value));
            }
        });
        extra.put("method", method);
        extra.put("client_address", address(request));
        extra.put("status", response.code());
        Map<String, Object> named = new LinkedHashMap<>(params);
        named.putAll(body);
        writer.record(AuditEvent.of(Instant.now(), event, principal.get().username(), text(named.get("dag_id")),
                text(named.getOrDefault("dag_run_id", named.get("run_id"))), text(named.get("task_id")),
                Json.write(extra)));
    }

    /** As Airflow's masking for the audit log: a variable's value and a connection's extra are never kept. */
    private static Object masked(String event, String name, Object value) {
        if (event.contains("variable") && (name.equals("value") || name.equals("val") || name.equals("actions"))) {
            return SecretsMasker.REDACTED;
        }
        if (event.contains("connection") && (name.equals("extra") || name.equals("actions"))) {
            return SecretsMasker.REDACTED;
        }
        return SecretsMasker.global().redact(value, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpRequest<?> request) {
        Optional<String> text = request.getBody(String.class);
        if (text.isEmpty() || text.get().isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = Json.read(text.get());
            return parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IllegalArgumentException notJson) {
            return Map.of();
        }
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static String address(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}
