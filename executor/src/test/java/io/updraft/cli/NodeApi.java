package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A running node's REST API for the tests that start real processes: log in, call, read text. */
final class NodeApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String base;
    final String token;

    private NodeApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Logs in as {@code user} at {@code http://127.0.0.1:port}. */
    static NodeApi login(String port, String user, String password) throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> response = send(base, null, "POST", "/auth/token",
                Json.write(Map.of("username", user, "password", password)));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return new NodeApi(base, (String) Json.readObject(response.body()).get("access_token"));
    }

    /** A JSON call that must succeed. */
    Map<String, Object> call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return Json.readObject(response.body());
    }

    /** Triggers a run of the DAG now (no logical date); returns the run's path under the API. */
    String trigger(String dagId) throws Exception {
        String runId = (String) call("POST", "/api/v2/dags/" + dagId + "/dagRuns", "{\"logical_date\": null}")
                .get("dag_run_id");
        return "/api/v2/dags/" + dagId + "/dagRuns/" + java.net.URLEncoder.encode(runId,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Waits (up to 60 s) until the JSON at {@code path} has {@code field} equal to {@code value}. */
    void await(String path, String field, String value) throws Exception {
        await(path, field, value, Duration.ofSeconds(60), () -> "");
    }

    /**
     * Waits until the JSON at {@code path} has {@code field} equal to {@code value}; on timeout the failure ends
     * with {@code diagnostics} (what the processes said, say).
     */
    void await(String path, String field, String value, Duration within, Supplier<String> diagnostics)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Object now = null;
        while (System.nanoTime() < deadline) {
            now = call("GET", path, null).get(field);
            if (value.equals(now)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " " + field + " stayed " + now + ", never " + value + diagnostics.get());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(base, token, method, path, body);
    }

    /** A plain-text answer (a task log) that must be 200. */
    String text(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    static HttpResponse<String> send(String base, String bearer, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Fails unless every process is gone within 5 s (the task processes of a killed node or worker). */
    static void awaitGone(Set<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("processes outlived their killed parent: " + pids.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList());
    }
}
