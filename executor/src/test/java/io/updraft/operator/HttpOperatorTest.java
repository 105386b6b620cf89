package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.updraft.dag.Task;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskOutcome.Result;
import io.updraft.config.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpOperatorTest {

    private static final String HTTP = "airflow.providers.http.operators.http.HttpOperator";

    /** What the server received: method, path, content type, authorization, body. */
    record Received(String method, String path, String contentType, String authorization, String body) {
    }

    @TempDir
    Path home;

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private RunnerHarness harness;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            boolean broken = exchange.getRequestURI().getPath().equals("/broken");
            byte[] response = (broken ? "database unavailable" : "ok:" + body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(broken ? 503 : 200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
        harness = new RunnerHarness(home);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static Task.Builder request(String endpoint) {
        return Task.builder("send", HTTP).argument("http_conn_id", "example_host").argument("endpoint", endpoint);
    }

    @Test
    void sendsJsonToAStoredConnectionAndReturnsTheResponseText() {
        harness.connections.put(new Connection("example_host", "http", null, "127.0.0.1", "ann", "pw", null, port(),
                null));
        Task task = request("/run_test").argument("method", "POST")
                .argument("data", Map.of("data", "fake_data", "day", "{{ ds }}"))
                .argument("headers", Map.of("Content-Type", "application/json")).argument("log_response", true)
                .build();

        TaskOutcome outcome = harness.run(task);

        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/run_test");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.authorization()).isEqualTo("Basic YW5uOnB3");
        assertThat(request.body()).contains("\"data\":\"fake_data\"", "\"day\":\"2024-03-01\"");
        assertThat(outcome.xcoms()).containsEntry("return_value", "ok:" + request.body());
        assertThat(harness.log("send")).contains("ok:{");
    }

    @Test
    void usesAnAirflowConnUriFromTheEnvironment() {
        harness.environment.put("AIRFLOW_CONN_EXAMPLE_HOST", "http://127.0.0.1:" + port());
        Task task = request("run_test").argument("data", Map.of("data", "fake_data", "test", "plain_text"))
                .argument("headers", Map.of("Content-Type", "text/plain")).build();

        assertThat(harness.run(task).result()).isEqualTo(Result.SUCCESS);
        assertThat(received.get(0).body()).isIn("data=fake_data&test=plain_text", "test=plain_text&data=fake_data");
        assertThat(received.get(0).contentType()).isEqualTo("text/plain");
    }

    @Test
    void getSendsDataAsQueryParameters() {
        harness.environment.put("AIRFLOW_CONN_EXAMPLE_HOST", "http://127.0.0.1:" + port());
        harness.run(request("/search").argument("method", "GET").argument("data", Map.of("q", "a b")).build());
        assertThat(received.get(0).path()).isEqualTo("/search?q=a+b");
    }

    @Test
    void aNon2xxResponseFailsNamingStatusAndBody() {
        harness.environment.put("AIRFLOW_CONN_EXAMPLE_HOST", "http://127.0.0.1:" + port());
        TaskOutcome outcome = harness.run(request("/broken").build());
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.error()).isEqualTo("HTTP 503 from POST http://127.0.0.1:" + port()
                + "/broken: database unavailable");
    }

    @Test
    void anUnknownConnectionFailsNamingIt() {
        assertThat(harness.run(request("/x").build()).error()).contains("example_host", "AIRFLOW_CONN_EXAMPLE_HOST");
    }
}
