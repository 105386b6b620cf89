package io.updraft.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The web UI's static files and /ui aggregates over real HTTP: who may call them, what they answer, live events. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiEndpointsTest implements TestPropertyProvider {

    static final String PASSWORD = "ui-endpoints-pw";
    static final String DAG = """
            ui_mapped:
              schedule: "0 6 * * *"
              is_paused_upon_creation: false
              catchup: false
              default_args: {owner: ops, start_date: 2024-01-01, retries: 0}
              tags: [mapped]
              tasks:
                - task_id: fan
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  partial: {}
                  expand:
                    bash_command: ["echo one", "echo two", "exit 3"]
                - task_id: after
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo after"
                  trigger_rule: all_done
                  dependencies: [fan]
            """;

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();
    private String token;

    @Override
    public Map<String, String> getProperties() {
        return RestTestSupport.serviceProperties(RestTestSupport.temporaryFolder("updraft-ui-endpoints"),
                Map.of("ui_mapped.yml", DAG), PASSWORD);
    }

    @BeforeAll
    void login() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        token = (String) Json.readObject(response.body()).get("access_token");
    }

    @Test
    void theUiIsServedWithoutCredentialsButItsDataNeedsAToken() throws Exception {
        HttpResponse<String> index = get("/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<title>Updraft</title>", "/assets/app.js");
        assertThat(get("/assets/views/graph.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/dagre/0.8.4/dist/dagre.min.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/diff/5.1.0/dist/diff.min.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js", null).statusCode()).isEqualTo(200);

        HttpResponse<String> anonymous = get("/ui/dags", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(Json.readObject(anonymous.body())).isEqualTo(Map.of("detail", "Not authenticated"));
        assertThat(get("/api/v2/dags", null).statusCode()).isEqualTo(401);
        assertThat(get("/ui/dags", "not-a-jwt").statusCode()).isEqualTo(403);
        assertThat(get("/ui/dags", token).statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dagListGridStatesDurationsAndLogTailOfAMappedRun() throws Exception {
        Map<String, Object> run = Json.readObject(send("POST", "/api/v2/dags/ui_mapped/dagRuns",
                "{\"logical_date\": null}").body());
        String runId = (String) run.get("dag_run_id");
        awaitRun(runId);

        Map<String, Object> list = Json.readObject(get("/ui/dags?tags=mapped", token).body());
        Map<String, Object> dag = ((List<Map<String, Object>>) list.get("dags")).get(0);
        assertThat(dag.get("dag_id")).isEqualTo("ui_mapped");
        assertThat(dag.get("schedule_description")).isEqualTo("at 06:00");
        assertThat(dag.get("owners")).isEqualTo(List.of("ops"));
        List<Map<String, Object>> latest = (List<Map<String, Object>>) dag.get("latest_runs");
        assertThat(latest).extracting(r -> r.get("run_id")).contains(runId);
        assertThat(Json.readObject(get("/ui/dags?name=nothing-like-it", token).body()).get("total_entries"))
                .isEqualTo(0);
        assertThat(get("/ui/dags?limit=0", token).statusCode()).isEqualTo(400);

        Map<String, Object> grid = Json.readObject(get("/ui/dags/ui_mapped/grid?limit=5", token).body());
        Map<String, Object> cells = (Map<String, Object>) ((Map<String, Object>) grid.get("instances")).get(runId);
        Map<String, Object> fan = (Map<String, Object>) cells.get("fan");
        assertThat(fan.get("mapped")).isEqualTo(3);
        assertThat(fan.get("state")).isEqualTo("failed"); // the most telling state of the three
        assertThat(fan.get("states")).isEqualTo(Map.of("success", 2, "failed", 1));
        assertThat(((Map<String, Object>) cells.get("after")).get("state")).isEqualTo("success");

        Map<String, Object> structure = Json.readObject(get("/ui/dags/ui_mapped/structure", token).body());
        assertThat((List<Map<String, Object>>) structure.get("tasks")).extracting(t -> t.get("task_id"))
                .containsExactlyInAnyOrder("fan", "after");
        Map<String, Object> states = Json.readObject(get("/ui/dags/ui_mapped/runs/" + enc(runId) + "/states",
                token).body());
        assertThat(((Map<String, Object>) states.get("run")).get("state")).isEqualTo("success"); // its leaf ran (all_done)
        assertThat(get("/ui/dags/ui_mapped/runs/nope/states", token).statusCode()).isEqualTo(404);

        Map<String, Object> durations = Json.readObject(get("/ui/dags/ui_mapped/tasks/after/durations", token)
                .body());
        assertThat((List<Map<String, Object>>) durations.get("durations"))
                .filteredOn(point -> runId.equals(point.get("run_id"))).singleElement()
                .satisfies(point -> assertThat(point.get("duration")).isInstanceOf(Number.class));

        String logPath = "/ui/dags/ui_mapped/runs/" + enc(runId) + "/tasks/after/logs/1";
        Map<String, Object> whole = Json.readObject(get(logPath + "?offset=0", token).body());
        assertThat((String) whole.get("text")).contains("after");
        long end = ((Number) whole.get("next_offset")).longValue();
        assertThat(end).isGreaterThan(0);
        Map<String, Object> rest = Json.readObject(get(logPath + "?offset=" + end, token).body());
        assertThat(rest.get("text")).isEqualTo("");
        assertThat(((Number) rest.get("next_offset")).longValue()).isEqualTo(end);
        Map<String, Object> mapped = Json.readObject(get("/ui/dags/ui_mapped/runs/" + enc(runId)
                + "/tasks/fan/logs/1?map_index=2&offset=0", token).body());
        assertThat((String) mapped.get("text")).contains("exit code 3", "return code 3").isNotEmpty();
    }

    @Test
    void eventsStreamTheEngineCommitsAsTheyHappen() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/ui/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        CompletableFuture<String> successOfAfter = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("event:") && line.substring(6).trim().equals("hello")) {
                        subscribed.complete(null);
                    }
                    if (line.startsWith("data:") && line.contains("\"task_id\":\"after\"")
                            && line.contains("\"state\":\"success\"")) {
                        return line.substring(5).trim();
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        subscribed.get(30, TimeUnit.SECONDS); // the service greets each subscription once it is in place
        String runId = (String) Json.readObject(send("POST", "/api/v2/dags/ui_mapped/dagRuns",
                "{\"logical_date\": null}").body()).get("dag_run_id");
        String event = successOfAfter.get(60, TimeUnit.SECONDS);
        assertThat(event).contains("\"dag_id\":\"ui_mapped\"", "\"run_id\":\"" + runId + "\"");
        stream.body().close();

        assertThat(get("/ui/events", null).statusCode()).isEqualTo(401);
    }

    private void awaitRun(String runId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String state = (String) Json.readObject(get("/api/v2/dags/ui_mapped/dagRuns/" + enc(runId), token)
                    .body()).get("state");
            if ("success".equals(state) || "failed".equals(state)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
