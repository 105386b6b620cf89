package io.updraft.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import io.updraft.api.Operator;
import io.updraft.api.TaskContext;
import io.updraft.config.Connection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Sends one HTTP request to a connection's host; the response text is the return value (Airflow's HttpOperator). */
final class HttpOperator implements Operator {

    private static final String SOURCE = "http.py";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** The rendered arguments of one request. */
    record Request(String connectionId, String method, String endpoint, Object data, Map<String, Object> headers,
            boolean logResponse) {
    }

    private final Request request;
    private volatile CompletableFuture<HttpResponse<String>> inFlight;

    HttpOperator(Request request) {
        this.request = request;
    }

    @Override
    public Object execute(TaskContext context) throws Exception {
        RunningTask task = RunningTask.of(context);
        HttpResponse<String> response = send(HttpConnections.find(request.connectionId(), task), task.taskLog());
        if (request.logResponse()) {
            task.taskLog().info(SOURCE, response.body());
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + request.method() + " "
                    + response.uri() + ": " + snippet(response.body()));
        }
        return response.body();
    }

    /** Sends the request to the connection's host (Airflow's HttpHook.run); {@code log} may be null. */
    HttpResponse<String> send(Connection connection, TaskLog log) throws Exception {
        Map<String, String> headers = headers(connection);
        String url = url(connection);
        String body = body(headers);
        if ("GET".equals(request.method()) && body != null && request.data() instanceof Map<?, ?>) {
            url += (url.contains("?") ? "&" : "?") + body;
            body = null;
        }
        if (log != null) {
            log.info(SOURCE, "Calling HTTP method " + request.method() + " " + url);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        inFlight = CLIENT.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
        return inFlight.get();
    }

    /** Airflow's HttpHook: the connection's extra holds default headers; the task's headers win. */
    private Map<String, String> headers(Connection connection) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (connection.extra() != null && !connection.extra().isBlank()) {
            JSON.readValue(connection.extra(), Map.class).forEach((k, v) -> headers.put(String.valueOf(k),
                    String.valueOf(v)));
        }
        if (request.headers() != null) {
            request.headers().forEach((k, v) -> headers.put(k, String.valueOf(v)));
        }
        if (connection.login() != null) {
            String credentials = connection.login() + ":" + (connection.password() == null ? "" : connection.password());
            headers.put("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    /** Airflow's HttpHook base URL: the host (may carry a scheme), else schema (default http) + host, + port. */
    private String url(Connection connection) {
        if (connection.host() == null || connection.host().isBlank()) {
            throw new IllegalArgumentException("connection " + request.connectionId() + " has no host");
        }
        String base = connection.host().contains("://") ? connection.host()
                : (connection.schema() == null || connection.schema().isBlank() ? "http" : connection.schema())
                        + "://" + connection.host();
        if (connection.port() != null) {
            base += ":" + connection.port();
        }
        String endpoint = request.endpoint() == null ? "" : request.endpoint();
        if (!base.endsWith("/") && !endpoint.isEmpty() && !endpoint.startsWith("/")) {
            return base + "/" + endpoint;
        }
        return base + endpoint;
    }

    /**
     * A mapping is sent as JSON when Content-Type is application/json (as dag-factory does), else form-encoded;
     * a string is sent as is.
     */
    private String body(Map<String, String> headers) throws Exception {
        Object data = request.data();
        if (data == null || data instanceof String) {
            return (String) data;
        }
        Map<?, ?> map = (Map<?, ?>) data;
        String contentType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return JSON.writeValueAsString(map);
        }
        if (contentType == null && !"GET".equals(request.method())) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return map.entrySet().stream()
                .map(e -> encode(String.valueOf(e.getKey())) + "=" + encode(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String snippet(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public void onKill() {
        CompletableFuture<HttpResponse<String>> request = inFlight;
        if (request != null) {
            request.cancel(true);
        }
    }
}
